package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;
import static org.rdhub.rendezvous.UdpRegistrationTest.uuid;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.OnlineRequest;
import org.rdhub.protocol.wire.RegisterPkResponse.Result;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.TestNatRequest;

/** TCP port P−1: the online query (protocol.md §6) and the NAT test (§7), one question per connection. */
class QueryPortTest extends OnRendezvousServer {
    @Test
    void theOnlineQueryAnswersOneBitPerAskedPeerMostSignificantFirst() {
        String a = register();
        String b = newId();
        String c = register();
        assertThat(online(List.of(a, b, c))).containsExactly(0xa0);
        assertThat(online(List.of(b, b, b, b, b, b, b, b, c))).containsExactly(0x00, 0x80);

        // 30 s after its last registration a peer is offline
        server.clock().advance(Duration.ofSeconds(31));
        assertThat(online(List.of(a, c))).containsExactly(0x00);
    }

    @Test
    void theNatTestAnswersTheSourcePortAndCloses() {
        try (TcpClient client = new TcpClient(server.rendezvous().port() - 1)) {
            client.send(RendezvousMessage.newBuilder().setTestNatRequest(TestNatRequest.newBuilder()).build());
            assertThat(client.receive().orElseThrow().getTestNatResponse().getPort()).isEqualTo(client.localPort());
            client.awaitClose();
        }
    }

    @Test
    void badFramesCloseOnlyTheirOwnConnection() {
        String a = register();
        try (TcpClient garbage = new TcpClient(server.rendezvous().port() - 1);
                TcpClient oversized = new TcpClient(server.rendezvous().port() - 1);
                TcpClient truncated = new TcpClient(server.rendezvous().port() - 1);
                TcpClient other = new TcpClient(server.rendezvous().port() - 1)) {
            garbage.sendRaw(new byte[] {0x0c, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            oversized.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            truncated.sendRaw(new byte[] {0x40, 0x01});
            garbage.awaitClose();
            oversized.awaitClose();
            other.send(question(List.of(a)));
            assertThat(other.receive().orElseThrow().getOnlineResponse().getStates().toByteArray())
                    .containsExactly(0x80);
        }
    }

    private static String register() {
        String id = newId();
        try (UdpPeer peer = new UdpPeer(server.rendezvous().port())) {
            assertThat(peer.registerPk(id, uuid(), key())).contains(Result.OK);
        }
        return id;
    }

    private static byte[] online(List<String> ids) {
        try (TcpClient client = new TcpClient(server.rendezvous().port() - 1)) {
            client.send(question(ids));
            return client.receive().orElseThrow().getOnlineResponse().getStates().toByteArray();
        }
    }

    private static RendezvousMessage question(List<String> ids) {
        return RendezvousMessage.newBuilder()
                .setOnlineRequest(OnlineRequest.newBuilder().setId("123456789").addAllPeers(ids)).build();
    }
}
