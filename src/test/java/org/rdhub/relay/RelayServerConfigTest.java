package org.rdhub.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdhub.config.Config;
import org.rdhub.config.Setting;
import org.rdhub.protocol.ServerKey;
import org.rdhub.support.WebSocketPeer;

/**
 * The relay as {@code rdhub serve} starts it: the configured port (0 = a free one, and a free WebSocket port) and the
 * server's own key.
 */
class RelayServerConfigTest {

    @Test
    void servesOnTheConfiguredPortAndAcceptsOnlyTheServersKey(@TempDir Path dataDir) {
        Config config = Config.load(Map.of(Setting.DATA_DIR, dataDir.toString(), Setting.BIND_ADDRESS, "127.0.0.1",
                Setting.RELAY_PORT, "0"), Map.of(), null);
        ServerKey key = ServerKey.loadOrCreate(dataDir);
        try (RelayServer relay = RelayServer.start(config, key, new SimpleMeterRegistry())) {
            assertThat(relay.port()).isPositive();
            assertThat(relay.webSocketPort()).isPositive().isNotEqualTo(relay.port());
            try (WebSocketPeer stranger = WebSocketPeer.connect(relay.webSocketPort(), "/ws/relay")
                    .send(RelayPeer.requestMessage(UUID.randomUUID().toString(), ""))) {
                assertThat(stranger.closedByServer()).as("no key over WebSocket").isTrue();
            }
            try (RelayPeer stranger = RelayPeer.connect(relay.port())
                    .request(UUID.randomUUID().toString(), "")) {
                assertThat(stranger.closedByRelay()).as("no key").isTrue();
            }
            String uuid = UUID.randomUUID().toString();
            try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, key.publicKeyBase64());
                    RelayPeer b = RelayPeer.connect(relay.port()).request(uuid, key.publicKeyBase64())) {
                a.send(new byte[] {1, 2, 3});
                assertThat(b.read(3)).containsExactly(1, 2, 3);
            }
        }
    }
}
