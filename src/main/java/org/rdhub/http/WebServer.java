package org.rdhub.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rdhub.App;
import org.rdhub.access.ReachableApi;
import org.rdhub.addressbook.AddressBookApi;
import org.rdhub.audit.AuditApi;
import org.rdhub.audit.DeviceAuditApi;
import org.rdhub.console.AccountPages;
import org.rdhub.console.ConsoleText;
import org.rdhub.console.ConsoleWeb;
import org.rdhub.console.LoginPages;
import org.rdhub.console.WelcomePage;
import org.rdhub.auth.AccountApi;
import org.rdhub.db.Database;
import org.rdhub.devices.DeviceAdminApi;
import org.rdhub.devices.DeviceApi;
import org.rdhub.devices.DevicePages;
import org.rdhub.devices.OnlineHistory;
import org.rdhub.groups.DeviceGroupApi;
import org.rdhub.groups.DeviceGroupPages;
import org.rdhub.groups.GroupPages;
import org.rdhub.groups.UserGroupApi;
import org.rdhub.strategies.StrategyApi;
import org.rdhub.users.InvitationPage;
import org.rdhub.users.UserApi;
import org.rdhub.users.UserPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web console and REST API on one port: every route is declared here, each handled by its feature. */
public final class WebServer implements AutoCloseable {
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("rdhub.access");
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /** Bodies above this are refused with 413 before a handler sees them. */
    public static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024;
    private static final Duration USAGE_FLUSH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration PRESENCE_FLUSH_INTERVAL = Duration.ofSeconds(10);
    /** The first purge runs soon after start, so a server restarted more often than hourly still purges. */
    private static final Duration DEVICE_PURGE_FIRST = Duration.ofMinutes(1);
    private static final Duration DEVICE_PURGE_INTERVAL = Duration.ofHours(1);

    private final Javalin javalin;
    private final App app;
    private final ScheduledExecutorService background;

    private WebServer(Javalin javalin, App app, ScheduledExecutorService background) {
        this.javalin = javalin;
        this.app = app;
        this.background = background;
    }

    public static WebServer start(App app) {
        PrometheusMeterRegistry metrics = app.metrics();
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        ApiReference reference = ApiReference.load();
        Web web = new Web(app.authenticator());
        AccountApi account = new AccountApi(app.logins(), web);
        UserApi users = new UserApi(app.users(), app.invitations(), app.config().publicUrl(), web);
        InvitationPage invitationPage = new InvitationPage(app.invitations());
        ReachableApi reachable = new ReachableApi(app.reachable(), web);
        DeviceAuditApi deviceAudits = new DeviceAuditApi(app.deviceAudits(), web);
        DeviceApi devices = new DeviceApi(app.devices(), web);
        DeviceAdminApi deviceAdmin = new DeviceAdminApi(app.devices(), web);
        AddressBookApi addressBooks = new AddressBookApi(app.addressBooks(), web);
        UserGroupApi userGroups = new UserGroupApi(app.userGroups(), web);
        DeviceGroupApi deviceGroups = new DeviceGroupApi(app.deviceGroups(), web);
        StrategyApi strategies = new StrategyApi(app.strategies(), web);
        AuditApi audits = new AuditApi(app.deviceAudits(), app.consoleAudits(), web);
        Health health = new Health(app.database());
        boolean httpsPublicUrl = app.config().publicUrl().map(url -> "https".equalsIgnoreCase(url.getScheme()))
                .orElse(false);
        ConsoleWeb console = new ConsoleWeb(app.consoleSessions(), app.users(), new ConsoleText(), httpsPublicUrl);
        LoginPages loginPages = new LoginPages(app.logins(), app.consoleSessions(), console);
        WelcomePage welcomePage = new WelcomePage(app.devices(), app.users(), app.onlineHistory(), app.serverKey(),
                app.config(), app.settings(), console);
        AccountPages accountPages = new AccountPages(app.users(), app.totpEnrollment(), app.consoleSessions(),
                console);
        GroupPages userGroupPages = GroupPages.userGroups(app.userGroups(), app.deviceGroups(), console);
        GroupPages deviceGroupPages = GroupPages.deviceGroups(app.userGroups(), app.deviceGroups(), console);
        DeviceGroupPages deviceGroupDevices = new DeviceGroupPages(app.deviceGroups(), app.devices(), console);
        DevicePages devicePages = new DevicePages(app.devices(), console);
        UserPages userPages = new UserPages(app.users(), app.invitations(), app.userGroups(), app.devices(),
                app.config().publicUrl(), console);

        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            config.jetty.host = app.config().bindAddress();
            config.jetty.port = app.config().apiPort();
            // the API tunnel's requests arrive over loopback and name the peer they came from
            config.contextResolver.ip = ctx -> ClientIp.of(ctx, app.config().trustedProxies());
            // htmx, Tabler and Chart.js from their webjars under /webjars/..., cached for a year (versioned paths)
            config.staticFiles.enableWebjars();
            config.requestLogger.http((ctx, ms) -> {
                var endpoint = ctx.endpoints().matchedHttpEndpoint();
                String route = endpoint == null ? "unmatched" : endpoint.path;
                Timer.builder("http.server.requests")
                        .tag("method", ctx.method().name())
                        .tag("route", route)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(metrics)
                        .record(Duration.ofNanos((long) (ms * 1_000_000)));
                ACCESS_LOG.info("{} {} {} {}ms {}", ctx.method(), ctx.path(), ctx.statusCode(),
                        Math.round(ms), ctx.ip());
            });

            ApiErrors.register(config.routes, console::failurePage);
            ConsoleWeb.register(config.routes);
            // Read every body before answering (Javalin keeps it for the handler). A handler that ignores the body
            // (currentUser, logout) would leave it unread, and Jetty then drops the keep-alive connection after the
            // reply, which a client that reuses the connection sees as a failed request.
            config.routes.before(ctx -> ctx.bodyAsBytes());
            config.routes.before(console::checkCsrf);
            config.routes.get("/health", health::check);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/api/openapi.json", reference::json);
            config.routes.get("/api/docs", reference::page);

            // web console pages: each checks its session; the CSRF token of forms and htmx is checked before
            config.routes.get("/", welcomePage::show);
            config.routes.get("/welcome/counts", welcomePage::counts);
            config.routes.get("/login", loginPages::show);
            config.routes.post("/login", loginPages::submit);
            config.routes.post("/login/verify", loginPages::verify);
            config.routes.post("/logout", loginPages::logout);
            config.routes.get("/language/{lang}", loginPages::language);
            config.routes.get("/account", accountPages::show);
            config.routes.post("/account/password", accountPages::changePassword);
            config.routes.post("/account/totp", accountPages::beginTotp);
            config.routes.post("/account/totp/confirm", accountPages::confirmTotp);
            config.routes.post("/account/totp/remove", accountPages::removeTotp);
            config.routes.post("/account/email-verification", accountPages::emailVerification);

            config.routes.post("/api/login", account::login);
            config.routes.get("/api/login-options", account::loginOptions);
            config.routes.head("/api/login-options", account::loginOptions);
            config.routes.post("/api/logout", account::logout);
            config.routes.post("/api/currentUser", account::currentUser);
            config.routes.get("/api/users", users::list);
            // users.py: literal segments before {guid}
            config.routes.get("/api/users/export.csv", users::export);
            config.routes.post("/api/users", users::create);
            config.routes.post("/api/users/invite", users::invite);
            config.routes.put("/api/users/tfa/totp/enforce", users::enforceTotp);
            config.routes.put("/api/users/disable_login_verification", users::disableLoginVerification);
            config.routes.post("/api/users/force-logout", users::forceLogout);
            config.routes.post("/api/users/{guid}/enable", users::enable);
            config.routes.post("/api/users/{guid}/disable", users::disable);
            config.routes.delete("/api/users/{guid}", users::delete);
            // console Users pages: the list and its bulk actions, create / invite / edit forms, assigning devices
            config.routes.get("/users", userPages::list);
            config.routes.get("/users/export.csv", userPages::export);
            config.routes.get("/users/new", userPages::newForm);
            config.routes.post("/users/new", userPages::create);
            config.routes.get("/users/invite", userPages::inviteForm);
            config.routes.post("/users/invite", userPages::invite);
            config.routes.post("/users/enable", userPages::enable);
            config.routes.post("/users/disable", userPages::disable);
            config.routes.post("/users/delete", userPages::delete);
            config.routes.post("/users/reset-2fa", userPages::resetTotp);
            config.routes.post("/users/force-logout", userPages::forceLogout);
            config.routes.get("/users/{guid}/edit", userPages::editForm);
            config.routes.post("/users/{guid}/edit", userPages::save);
            config.routes.get("/users/{guid}/devices", userPages::devicesForm);
            config.routes.post("/users/{guid}/devices", userPages::assignDevices);
            config.routes.get("/invitation/{token}", invitationPage::show);
            config.routes.post("/invitation/{token}", invitationPage::submit);
            config.routes.get("/api/peers", reachable::peers);
            config.routes.get("/api/device-group/accessible", reachable::deviceGroups);
            config.routes.post("/api/audit/conn", deviceAudits::connection);
            config.routes.post("/api/audit/file", deviceAudits::file);
            config.routes.post("/api/audit/alarm", deviceAudits::alarm);
            config.routes.get("/api/audit/conn/active", deviceAudits::active);
            config.routes.put("/api/audit", deviceAudits::note);
            config.routes.post("/api/sysinfo", devices::sysinfo);
            config.routes.post("/api/heartbeat", devices::heartbeat);
            config.routes.post("/api/devices/cli", devices::assign);
            config.routes.post("/api/devices/deploy", devices::deploy);
            // devices.py; the literal paths (cli, deploy, export.csv, bulk/…) come before the {guid} ones
            config.routes.get("/api/devices", deviceAdmin::list);
            config.routes.get("/api/devices/export.csv", deviceAdmin::exportCsv);
            config.routes.post("/api/devices/bulk/enable", deviceAdmin::bulkEnable);
            config.routes.post("/api/devices/bulk/disable", deviceAdmin::bulkDisable);
            config.routes.post("/api/devices/bulk/delete", deviceAdmin::bulkDelete);
            config.routes.post("/api/devices/{guid}/enable", deviceAdmin::enable);
            config.routes.post("/api/devices/{guid}/disable", deviceAdmin::disable);
            config.routes.post("/api/devices/{guid}/assign", deviceAdmin::assign);
            config.routes.delete("/api/devices/{guid}", deviceAdmin::delete);
            // the console's Devices page: the list, its export, bulk and row actions, the Edit form
            config.routes.get("/devices", devicePages::list);
            config.routes.get("/devices/export.csv", devicePages::export);
            config.routes.post("/devices/enable", devicePages::enableSelected);
            config.routes.post("/devices/disable", devicePages::disableSelected);
            config.routes.post("/devices/delete", devicePages::deleteSelected);
            config.routes.get("/devices/{guid}/edit", devicePages::editForm);
            config.routes.post("/devices/{guid}/edit", devicePages::edit);
            config.routes.post("/devices/{guid}/enable", devicePages::enable);
            config.routes.post("/devices/{guid}/disable", devicePages::disable);
            config.routes.post("/devices/{guid}/delete", devicePages::delete);
            config.routes.post("/devices/{guid}/disconnect", devicePages::disconnect);
            // address books: the client POSTs the list calls with an empty body, scripts GET them
            config.routes.get("/api/ab", addressBooks::legacyPull);
            config.routes.post("/api/ab", addressBooks::legacyPush);
            config.routes.post("/api/ab/get", addressBooks::legacyPullSciter);
            config.routes.post("/api/ab/personal", addressBooks::personal);
            config.routes.get("/api/ab/personal", addressBooks::personal);
            config.routes.post("/api/ab/settings", addressBooks::settings);
            config.routes.get("/api/ab/settings", addressBooks::settings);
            config.routes.post("/api/ab/shared/profiles", addressBooks::sharedProfiles);
            config.routes.get("/api/ab/shared/profiles", addressBooks::sharedProfiles);
            config.routes.post("/api/ab/shared/add", addressBooks::addShared);
            config.routes.delete("/api/ab/shared", addressBooks::deleteShared);
            config.routes.put("/api/ab/shared/update/profile", addressBooks::updateShared);
            config.routes.get("/api/ab/rules", addressBooks::rules);
            config.routes.post("/api/ab/rule", addressBooks::addRule);
            config.routes.patch("/api/ab/rule", addressBooks::updateRule);
            config.routes.delete("/api/ab/rules", addressBooks::deleteRules);
            config.routes.post("/api/ab/peers", addressBooks::peers);
            config.routes.get("/api/ab/peers", addressBooks::peers);
            config.routes.post("/api/ab/tags/{guid}", addressBooks::tags);
            config.routes.get("/api/ab/tags/{guid}", addressBooks::tags);
            config.routes.post("/api/ab/peer/add/{guid}", addressBooks::addPeer);
            config.routes.put("/api/ab/peer/update/{guid}", addressBooks::updatePeer);
            config.routes.delete("/api/ab/peer/{guid}", addressBooks::deletePeers);
            config.routes.post("/api/ab/tag/add/{guid}", addressBooks::addTag);
            config.routes.put("/api/ab/tag/rename/{guid}", addressBooks::renameTag);
            config.routes.put("/api/ab/tag/update/{guid}", addressBooks::updateTag);
            config.routes.delete("/api/ab/tag/{guid}", addressBooks::deleteTags);
            config.routes.post("/api/strategies/assign", strategies::assign);
            config.routes.get("/api/strategies", strategies::list);
            config.routes.get("/api/strategies/{guid}", strategies::view);
            config.routes.put("/api/strategies/{guid}/status", strategies::status);
            config.routes.get("/api/audits/conn", audits::connections);
            config.routes.get("/api/audits/file", audits::files);
            config.routes.get("/api/audits/alarm", audits::alarms);
            config.routes.get("/api/audits/console", audits::console);
            config.routes.get("/api/audits/conn/export.csv", audits::exportConnections);
            config.routes.get("/api/audits/file/export.csv", audits::exportFiles);
            config.routes.get("/api/audits/alarm/export.csv", audits::exportAlarms);
            config.routes.get("/api/audits/console/export.csv", audits::exportConsole);
            // groups: POST on a group's guid adds members (user guids, device ids); it creates nothing
            config.routes.get("/api/user-groups", userGroups::list);
            config.routes.post("/api/user-groups", userGroups::create);
            config.routes.patch("/api/user-groups/{guid}", userGroups::update);
            config.routes.delete("/api/user-groups/{guid}", userGroups::delete);
            config.routes.post("/api/user-groups/{guid}", userGroups::addUsers);
            config.routes.get("/api/device-groups", deviceGroups::list);
            config.routes.post("/api/device-groups", deviceGroups::create);
            config.routes.patch("/api/device-groups/{guid}", deviceGroups::update);
            config.routes.delete("/api/device-groups/{guid}", deviceGroups::delete);
            config.routes.post("/api/device-groups/{guid}", deviceGroups::addDevices);
            config.routes.delete("/api/device-groups/{guid}/devices", deviceGroups::removeDevices);
            // console pages of the groups: lists, the add/edit form with access rules, a device group's devices
            config.routes.get("/user-groups", userGroupPages::list);
            config.routes.get("/user-groups/new", userGroupPages::newForm);
            config.routes.post("/user-groups", userGroupPages::create);
            config.routes.post("/user-groups/delete", userGroupPages::delete);
            config.routes.get("/user-groups/{guid}/edit", userGroupPages::editForm);
            config.routes.post("/user-groups/{guid}/edit", userGroupPages::update);
            config.routes.get("/device-groups", deviceGroupPages::list);
            config.routes.get("/device-groups/new", deviceGroupPages::newForm);
            config.routes.post("/device-groups", deviceGroupPages::create);
            config.routes.post("/device-groups/delete", deviceGroupPages::delete);
            config.routes.get("/device-groups/{guid}/edit", deviceGroupPages::editForm);
            config.routes.post("/device-groups/{guid}/edit", deviceGroupPages::update);
            config.routes.get("/device-groups/{guid}/devices", deviceGroupDevices::show);
            config.routes.post("/device-groups/{guid}/devices/add", deviceGroupDevices::add);
            config.routes.post("/device-groups/{guid}/devices/remove", deviceGroupDevices::remove);
        });
        javalin.start();

        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rdhub-background");
            thread.setDaemon(true);
            return thread;
        });
        background.scheduleWithFixedDelay(app.tokenUsage()::flush, USAGE_FLUSH_INTERVAL.toMillis(),
                USAGE_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(app.devices().presence()::flush, PRESENCE_FLUSH_INTERVAL.toMillis(),
                PRESENCE_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(app.devices()::purgeOfflineQuietly, DEVICE_PURGE_FIRST.toMillis(),
                DEVICE_PURGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(app.onlineHistory()::sampleQuietly, OnlineHistory.INTERVAL.toMillis(),
                OnlineHistory.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("web console and API listening on {}:{}", app.config().bindAddress(), javalin.port());
        return new WebServer(javalin, app, background);
    }

    /** Every route as {@code "METHOD /path"}, for the test that holds the API reference to them. */
    public Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        javalin.unsafe.internalRouter.allHttpHandlers().forEach(handler -> {
            HandlerType method = handler.endpoint.method;
            if (method.isHttpMethod()) {
                routes.add(method.name() + " " + handler.endpoint.path);
            }
        });
        return routes;
    }

    /** The port actually bound (differs from the setting when that was 0). */
    public int port() {
        return javalin.port();
    }

    /** Where this process reaches its own API (the API tunnel): the bound address, or loopback when bound to all. */
    public URI localUri() {
        String bind = app.config().bindAddress();
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    @Override
    public void close() {
        background.shutdownNow();
        javalin.stop();
        app.tokenUsage().flush();
        app.devices().presence().flush();
    }

    /** {@code GET /health}: 200 while the database answers, 503 otherwise. */
    private record Health(Database database) {
        void check(Context ctx) {
            boolean up;
            try {
                up = database.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
            } catch (RuntimeException e) {
                up = false;
            }
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "up" : "down"));
        }
    }
}
