package org.rdhub.console;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rdhub.config.Config;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.OnlineHistory;
import org.rdhub.protocol.ClientConfig;
import org.rdhub.protocol.ServerKey;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;
import org.rdhub.users.UserService;

/**
 * {@code GET /}: the welcome page. Everyone signed in sees how to point a RustDesk client at this server (addresses,
 * public key, the {@code --config} string, the Windows EXE name and the mobile QR code, for a host they may change);
 * administrators also see the counts, refreshed by htmx from {@code /welcome/counts}, and devices online over the
 * last day.
 */
public final class WelcomePage {
    static final int DEFAULT_RENDEZVOUS_PORT = 21116;
    static final int DEFAULT_API_PORT = 21114;
    private static final Duration CHART_WINDOW = Duration.ofHours(24);
    private static final DateTimeFormatter CHART_TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** What the counts card shows; null for users who may not see them. */
    public record Counts(long devicesOnline, long devicesTotal, long users) {
    }

    /** The client settings for the host asked for, and the forms of it a client takes. */
    public record Setup(String host, String idServer, String relayServer, String api, String key, String config,
            String exeName, String qrSvg) {
    }

    /** The chart's points: times (UTC, HH:mm) and devices online at each. */
    public record Chart(List<String> labels, List<Long> online) {
    }

    private final DeviceService devices;
    private final UserService users;
    private final OnlineHistory history;
    private final ServerKey key;
    private final Config config;
    private final SettingsService settings;
    private final ConsoleWeb web;

    public WelcomePage(DeviceService devices, UserService users, OnlineHistory history, ServerKey key, Config config,
            SettingsService settings, ConsoleWeb web) {
        this.devices = devices;
        this.users = users;
        this.history = history;
        this.key = key;
        this.config = config;
        this.settings = settings;
        this.web = web;
    }

    public void show(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Counts counts = counts(signed);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "welcome"));
        params.put("counts", counts);
        params.put("setup", setup(ctx));
        params.put("chart", counts == null ? null : chart(signed));
        web.render(ctx, "welcome/welcome.jte", params);
    }

    /** The counts card alone, for htmx. */
    public void counts(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "welcome"));
        params.put("counts", counts(signed));
        web.render(ctx, "welcome/counts.jte", params);
    }

    private Counts counts(ConsoleWeb.Signed signed) {
        if (!signed.user().admin()) {
            return null;
        }
        DeviceService.Counts deviceCounts = devices.counts(signed.caller());
        return new Counts(deviceCounts.online(), deviceCounts.total(), users.count(signed.caller()));
    }

    private Chart chart(ConsoleWeb.Signed signed) {
        List<OnlineHistory.Sample> samples = history.recent(signed.caller(), CHART_WINDOW);
        List<String> labels = new ArrayList<>();
        List<Long> online = new ArrayList<>();
        for (OnlineHistory.Sample sample : samples) {
            labels.add(CHART_TIME.format(Instant.ofEpochMilli(sample.at())));
            online.add(sample.online());
        }
        return new Chart(labels, online);
    }

    /**
     * The host is the one asked for in the form, else the public URL's, else the one the browser used; the ports
     * are this server's. The relay is the first the ID server hands out (setting {@code relay-servers}), else the
     * host's. The API address is the public URL, else the browser's. Fields a client would fill in by
     * itself (the API on port 21114 of the ID host) are left out of the config string, as Pro's console does.
     */
    private Setup setup(Context ctx) {
        Optional<URI> publicUrl = config.publicUrl();
        String host = cleanHost(ctx.queryParam("host"));
        if (host == null) {
            host = publicUrl.map(URI::getHost).orElseGet(() -> hostOf(ctx.host()));
        }
        String api = cleanUrl(ctx.queryParam("api"));
        if (api == null) {
            api = publicUrl.map(URI::toString).orElseGet(() -> ctx.scheme() + "://" + ctx.host());
        }
        String idServer = config.rendezvousPort() == DEFAULT_RENDEZVOUS_PORT ? host
                : host + ":" + config.rendezvousPort();
        List<String> relays = settings.addresses(ServerSetting.RELAY_SERVERS);
        String relayServer = relays.isEmpty() ? host + ":" + config.relayPort() : relays.getFirst();
        boolean relayDerived = relays.isEmpty() && config.relayPort() == config.rendezvousPort() + 1;
        boolean apiDerived = api.equals("http://" + host + ":" + DEFAULT_API_PORT)
                && config.rendezvousPort() == DEFAULT_RENDEZVOUS_PORT;
        ClientConfig client = new ClientConfig(idServer, key.publicKeyBase64(), apiDerived ? null : api,
                relayDerived ? null : relayServer);
        return new Setup(host, idServer, relayServer, api, key.publicKeyBase64(), client.encoded(),
                client.windowsExeName(), Qr.svg(client.qrPayload()));
    }

    /** A host name or address typed in the form, or null when empty or not one. */
    static String cleanHost(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String host = typed.strip();
        return host.matches("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]+]") ? host : null;
    }

    /** An http(s) address typed in the form, without a trailing slash, or null when empty or not one. */
    static String cleanUrl(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(typed.strip());
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null) {
                return null;
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host part of a Host header ({@code name:port}, {@code [v6]:port}). */
    private static String hostOf(String hostHeader) {
        try {
            String host = new URI("http://" + hostHeader).getHost();
            return host == null ? "localhost" : host;
        } catch (URISyntaxException e) {
            return "localhost";
        }
    }
}
