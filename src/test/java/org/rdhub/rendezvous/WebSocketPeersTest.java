package org.rdhub.rendezvous;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;
import static org.rdhub.rendezvous.UdpRegistrationTest.uuid;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.SignedIdPk;
import org.rdhub.protocol.wire.NatType;
import org.rdhub.protocol.wire.OnlineRequest;
import org.rdhub.protocol.wire.PunchHole;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.RegisterPk;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.protocol.wire.RelayResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.RequestRelay;

import org.rdhub.support.WebSocketPeer;

/**
 * The same two peers as {@link TwoPeersTest}, both in WebSocket mode (protocol.md §14): B registers and stays
 * connected on P+2, A asks there, and they meet at the relay's WebSocket port R+2. No key exchange on WebSocket.
 */
class WebSocketPeersTest extends OnRendezvousServer {
    @Test
    void twoWebSocketPeersMeetAtTheRelayAndTalk() {
        byte[] bKey = key();
        String bId = newId();
        try (WebSocketPeer b = rendezvous()) {
            send(b, RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(bId)
                    .setUuid(ByteString.copyFrom(uuid())).setPk(ByteString.copyFrom(bKey))).build());
            assertThat(receive(b).getRegisterPkResponse().getResult()).isEqualTo(RegisterPkResponse.Result.OK);
            assertThat(online(bId)).isTrue();

            String uuid = UUID.randomUUID().toString();
            try (WebSocketPeer a = rendezvous()) {
                // a WebSocket client always announces SYMMETRIC, so B goes the relay way (§14)
                send(a, RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(bId)
                        .setLicenceKey(serverKey()).setNatType(NatType.SYMMETRIC)).build());
                PunchHole punchHole = receive(b).getPunchHole();
                try (WebSocketPeer bAnswer = rendezvous()) {
                    send(bAnswer, RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                            .setSocketAddr(punchHole.getSocketAddr()).setUuid(uuid).setId(bId).setVersion("1.4.4"))
                            .build());
                    assertThat(bAnswer.closedByServer()).isTrue();
                }
                RelayResponse toA = receive(a).getRelayResponse();
                assertThat(toA.getUuid()).isEqualTo(uuid);
                assertThat(SignedIdPk.verify(toA.getPk().toByteArray(), Base64.getDecoder().decode(serverKey()))
                        .orElseThrow().getPk().toByteArray()).isEqualTo(bKey);
            }

            try (WebSocketPeer bAtRelay = atRelay(uuid, ""); WebSocketPeer aAtRelay = atRelay(uuid, bId)) {
                aAtRelay.send("hello from A".getBytes(UTF_8));
                assertThat(new String(bAtRelay.receive(), UTF_8)).isEqualTo("hello from A");
                bAtRelay.send("hello from B".getBytes(UTF_8));
                assertThat(new String(aAtRelay.receive(), UTF_8)).isEqualTo("hello from B");
            }
        }
    }

    @Test
    void aClosedRegistrationTakesThePeerOffline() throws InterruptedException {
        String bId = newId();
        try (WebSocketPeer b = rendezvous()) {
            send(b, RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(bId)
                    .setUuid(ByteString.copyFrom(uuid())).setPk(ByteString.copyFrom(key()))).build());
            assertThat(receive(b).getRegisterPkResponse().getResult()).isEqualTo(RegisterPkResponse.Result.OK);
        }
        await(() -> !online(bId));
    }

    /** WebSocket clients ask their online queries on P+2 (§14). */
    private static boolean online(String id) {
        try (WebSocketPeer client = rendezvous()) {
            send(client, RendezvousMessage.newBuilder().setOnlineRequest(OnlineRequest.newBuilder().setId("123456789")
                    .addPeers(id)).build());
            return receive(client).getOnlineResponse().getStates().byteAt(0) != 0;
        }
    }

    private static WebSocketPeer atRelay(String uuid, String bId) {
        return WebSocketPeer.connect(server.relay().webSocketPort(), "/ws/relay").send(RendezvousMessage.newBuilder()
                .setRequestRelay(RequestRelay.newBuilder().setUuid(uuid).setId(bId).setLicenceKey(serverKey()))
                .build().toByteArray());
    }

    private static WebSocketPeer rendezvous() {
        return WebSocketPeer.connect(server.rendezvous().port() + 2, "/ws/id");
    }

    private static void send(WebSocketPeer peer, RendezvousMessage message) {
        peer.send(message.toByteArray());
    }

    private static RendezvousMessage receive(WebSocketPeer peer) {
        try {
            return RendezvousMessage.parseFrom(peer.receive());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the server sent an unreadable message", e);
        }
    }
}
