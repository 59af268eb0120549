package org.rdhub.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rdhub.App;
import org.rdhub.config.Config;
import org.rdhub.config.Logging;
import org.rdhub.http.WebServer;
import org.rdhub.rendezvous.RendezvousServer;
import org.rdhub.relay.RelayServer;
import org.rdhub.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rdhub serve}: runs the server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", description = "Run the server (web console, REST API, rendezvous server, relay).",
        mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Config config = SettingOptions.load(spec);
        Logging.setLevel(config.logLevel());
        App app = App.open(config);
        // Started in order, stopped in reverse; a port that will not open stops what was already started.
        Deque<AutoCloseable> running = new ArrayDeque<>();
        running.push(app);
        try {
            if (app.users().createInitialData()) {
                LOG.info("first start: created the administrator '{}' with the password '{}'",
                        UserService.INITIAL_ADMIN, UserService.INITIAL_PASSWORD);
            }
            WebServer web = WebServer.start(app);
            running.push(web);
            running.push(RendezvousServer.start(app, web.localUri()));
            running.push(RelayServer.start(config, app.serverKey(), app.metrics()));
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            closeAll(running);
            stopped.countDown();
        }, "rdhub-shutdown"));

        LOG.info("rdhub is running; data in {}; web console at {}", config.usesPostgres() ? "PostgreSQL"
                : config.dataDir().toAbsolutePath().normalize(), config.consoleUrl());
        for (String admin : app.users().adminsWithInitialPassword()) {
            LOG.warn("the administrator '{}' still has its initial password: sign in at {} and change it "
                    + "(or run ./rdhub user reset-password {})", admin, config.consoleUrl(), admin);
        }
        stopped.await();
        return 0;
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
