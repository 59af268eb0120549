package org.rdhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.rdhub.App;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.config.Config;
import org.rdhub.config.Setting;
import org.rdhub.http.WebServer;
import org.rdhub.relay.RelayServer;
import org.rdhub.rendezvous.RendezvousServer;

/**
 * The real server, started in-process on a free loopback port over a temporary data folder and the chosen
 * database, the same way {@code rdhub serve} starts it.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final String dbUrl;
    private final Map<Setting, String> extraSettings;
    private final TestClock clock = new TestClock();
    private App app;
    private WebServer web;
    private RendezvousServer rendezvous;
    private RelayServer relay;

    private TestServer(Path dataDir, String dbUrl, Map<Setting, String> extraSettings) {
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
        this.extraSettings = Map.copyOf(extraSettings);
        boot();
    }

    public static TestServer start(DatabaseKind kind) {
        return start(kind, Map.of());
    }

    /** A server with some settings given as flags (e.g. the public URL). */
    public static TestServer start(DatabaseKind kind, Map<Setting, String> settings) {
        try {
            Path dataDir = Files.createTempDirectory("rdhub-test");
            return new TestServer(dataDir, kind == DatabaseKind.POSTGRES ? EmbeddedPostgresServer.newDatabaseUrl() : "",
                    settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() {
        app = App.open(config(), clock);
        app.users().createInitialData();
        web = WebServer.start(app);
        // free ports, while the configuration keeps the defaults the console shows clients
        rendezvous = RendezvousServer.start(app, web.localUri(), 0);
        relay = RelayServer.start(new InetSocketAddress("127.0.0.1", 0), app.serverKey(), app.metrics());
    }

    /** The settings this server runs with, as a command run beside it would load them. */
    public Config config() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.DATA_DIR, dataDir.toString());
        flags.put(Setting.BIND_ADDRESS, "127.0.0.1");
        flags.put(Setting.API_PORT, "0");
        flags.put(Setting.DB_URL, dbUrl);
        flags.putAll(extraSettings);
        return Config.load(flags, Map.of(), null);
    }

    /** The flags that point a command-line run at this server's storage. */
    public String[] storageFlags() {
        return new String[] {"--data-dir", dataDir.toString(), "--db-url", dbUrl};
    }

    /** Stops and starts again on the same data, as an administrator restarting the service would. */
    public void restart() {
        close();
        boot();
    }

    /** The clock every service of this server reads; tests move it forward. */
    public TestClock clock() {
        return clock;
    }

    public WebServer web() {
        return web;
    }

    /** The rendezvous server, whose {@code port()} is port P (picked free). */
    public RendezvousServer rendezvous() {
        return rendezvous;
    }

    /** The relay, on a free port of its own ({@code port()}). */
    public RelayServer relay() {
        return relay;
    }

    public App app() {
        return app;
    }

    public Http http() {
        return new Http("http://127.0.0.1:" + web.port());
    }

    /** A new API token with the given permissions, created as the command line would. */
    public String apiToken(Map<Resource, Level> permissions) {
        return app.apiTokens().create(new Caller.CommandLine(), "test", permissions, null).secret();
    }

    public String apiToken(Resource resource, Level level) {
        return apiToken(Map.of(resource, level));
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
        if (rendezvous != null) {
            rendezvous.close();
            rendezvous = null;
        }
        if (web != null) {
            web.close();
            web = null;
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
