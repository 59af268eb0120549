package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.TestServer;

/**
 * One server (SQLite) for the tests of a class that talk to the rendezvous server as clients do. Each test starts a
 * minute after the last on the server's clock, so the per-address registration limits start again.
 */
abstract class OnRendezvousServer {
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(DatabaseKind.SQLITE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void pastTheAddressLimit() {
        server.clock().advance(Duration.ofSeconds(61));
    }

    /** A client registered over UDP with {@code pk} (§5.1), on its own socket. */
    static UdpPeer registered(String id, byte[] pk) {
        UdpPeer peer = new UdpPeer(port());
        assertThat(peer.registerPk(id, UdpRegistrationTest.uuid(), pk)).contains(RegisterPkResponse.Result.OK);
        return peer;
    }

    /** For what the server does after a socket event on its own threads. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Port P. */
    static int port() {
        return server.rendezvous().port();
    }

    /** The key clients are configured with: the content of {@code id_ed25519.pub}. */
    static String serverKey() {
        return server.app().serverKey().publicKeyBase64();
    }
}
