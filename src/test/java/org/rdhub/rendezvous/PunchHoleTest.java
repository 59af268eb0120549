package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.AddrMangle;
import org.rdhub.protocol.SignedIdPk;
import org.rdhub.protocol.wire.IdPk;
import org.rdhub.protocol.wire.LocalAddr;
import org.rdhub.protocol.wire.NatType;
import org.rdhub.protocol.wire.PunchHole;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.PunchHoleResponse;
import org.rdhub.protocol.wire.PunchHoleSent;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * A asks over TCP to reach B, B hears of it over UDP and answers over TCP, A gets B's address and signed key
 * (protocol.md §8). A connects from 127.0.0.2, so the server sees A and B on different networks.
 */
class PunchHoleTest extends OnRendezvousServer {
    @Test
    void aLoggedInPeerReachesAnotherThroughPunchHoleAndGetsItsSignedKey() throws Exception {
        byte[] bKey = key();
        String bId = newId();
        try (UdpPeer b = registered(bId, bKey); TcpClient a = new TcpClient(port(), otherNetwork(), 0)) {
            a.handshake(Base64.getDecoder().decode(serverKey()));
            a.send(request(bId, serverKey()));

            PunchHole punchHole = b.receive().orElseThrow().getPunchHole();
            assertThat(AddrMangle.decode(punchHole.getSocketAddr().toByteArray())).isEqualTo(a.localAddress());
            assertThat(punchHole.getNatType()).isEqualTo(NatType.ASYMMETRIC);

            InetSocketAddress bTcp;
            try (TcpClient bAnswer = new TcpClient(port())) {
                bTcp = bAnswer.localAddress();
                bAnswer.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                        .setSocketAddr(punchHole.getSocketAddr()).setId(bId).setNatType(NatType.ASYMMETRIC)
                        .setVersion("1.4.1")).build());
                bAnswer.awaitClose();
            }

            PunchHoleResponse response = a.receive().orElseThrow().getPunchHoleResponse();
            assertThat(AddrMangle.decode(response.getSocketAddr().toByteArray())).isEqualTo(bTcp);
            assertThat(response.getNatType()).isEqualTo(NatType.ASYMMETRIC);
            IdPk signed = SignedIdPk.verify(response.getPk().toByteArray(), Base64.getDecoder().decode(serverKey()))
                    .orElseThrow();
            assertThat(signed.getId()).isEqualTo(bId);
            assertThat(signed.getPk().toByteArray()).isEqualTo(bKey);
        }
    }

    @Test
    void aPeerOnTheSamePublicAddressIsAskedForItsLocalAddress() {
        String bId = newId();
        try (UdpPeer b = registered(bId, key()); TcpClient a = new TcpClient(port())) {
            a.receive().orElseThrow(); // the KeyExchange, skipped by a logged-out client
            a.send(request(bId, serverKey()));

            var fetch = b.receive().orElseThrow().getFetchLocalAddr();
            byte[] lan = AddrMangle.encode(new InetSocketAddress("192.168.1.20", 21118));
            try (TcpClient bAnswer = new TcpClient(port())) {
                bAnswer.send(RendezvousMessage.newBuilder().setLocalAddr(LocalAddr.newBuilder()
                        .setSocketAddr(fetch.getSocketAddr()).setLocalAddr(ByteString.copyFrom(lan)).setId(bId))
                        .build());
            }

            PunchHoleResponse response = a.receive().orElseThrow().getPunchHoleResponse();
            assertThat(response.getIsLocal()).isTrue();
            assertThat(response.getSocketAddr().toByteArray()).isEqualTo(lan);
            assertThat(response.getPk()).isNotEmpty();
        }
    }

    @Test
    void anUnknownOfflineOrWronglyKeyedRequestIsRefused() {
        String offline = newId();
        registered(offline, key()).close();
        server.clock().advance(Duration.ofSeconds(31));
        String online = newId();
        try (UdpPeer b = registered(online, key())) {
            assertThat(refusal(newId(), serverKey())).isEqualTo(PunchHoleResponse.Failure.ID_NOT_EXIST);
            assertThat(refusal(offline, serverKey())).isEqualTo(PunchHoleResponse.Failure.OFFLINE);
            assertThat(refusal(online, "not the server's key")).isEqualTo(PunchHoleResponse.Failure.LICENSE_MISMATCH);
            b.timeout(300);
            assertThat(b.receive()).isEmpty();
        }
    }

    private static PunchHoleResponse.Failure refusal(String id, String licenceKey) {
        try (TcpClient a = new TcpClient(port())) {
            a.receive().orElseThrow();
            a.send(request(id, licenceKey));
            PunchHoleResponse response = a.receive().orElseThrow().getPunchHoleResponse();
            assertThat(response.getSocketAddr()).isEmpty();
            return response.getFailure();
        }
    }

    private static RendezvousMessage request(String id, String licenceKey) {
        return RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(id)
                .setLicenceKey(licenceKey).setNatType(NatType.ASYMMETRIC).setVersion("1.4.1")).build();
    }

    private static InetAddress otherNetwork() throws UnknownHostException {
        return InetAddress.getByName("127.0.0.2");
    }
}
