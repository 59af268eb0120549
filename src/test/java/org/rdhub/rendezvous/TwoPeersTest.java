package org.rdhub.rendezvous;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;

import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.protocol.AddrMangle;
import org.rdhub.protocol.SignedIdPk;
import org.rdhub.protocol.wire.HeaderEntry;
import org.rdhub.protocol.wire.HttpProxyRequest;
import org.rdhub.protocol.wire.HttpProxyResponse;
import org.rdhub.protocol.wire.IdPk;
import org.rdhub.protocol.wire.NatType;
import org.rdhub.protocol.wire.PunchHole;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.PunchHoleResponse;
import org.rdhub.protocol.wire.PunchHoleSent;
import org.rdhub.protocol.wire.RelayResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.RequestRelay;
import org.rdhub.settings.ServerSetting;
import org.rdhub.users.NewAccount;

/**
 * Two RustDesk peers end to end, played from protocol.md: B registers over UDP, A (on another network) asks for it,
 * and they meet at the relay (§9, §13) either because B chooses relay or because A asks for one, then talk through
 * it both ways. A logged-in A is held to the access rules (§11.2); the API answers through the tunnel (§12).
 */
class TwoPeersTest extends OnRendezvousServer {
    private static final String PASSWORD = "Correct-horse-7";

    @BeforeAll
    static void handOutTheRelay() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.RELAY_SERVERS, relayAddress());
    }

    @Test
    void bChoosesRelayAndBothTalkThroughIt() throws Exception {
        byte[] bKey = key();
        String bId = newId();
        try (UdpPeer b = registered(bId, bKey); TcpClient a = secureClient()) {
            a.send(RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(bId)
                    .setLicenceKey(serverKey()).setNatType(NatType.SYMMETRIC).setVersion("1.4.4")).build());

            PunchHole punchHole = b.receive().orElseThrow().getPunchHole();
            assertThat(punchHole.getNatType()).isEqualTo(NatType.SYMMETRIC);
            assertThat(punchHole.getRelayServer()).isEqualTo(relayAddress());

            // B goes the relay way as initiator (§9.2): it tells RS, then waits at the relay
            String uuid = UUID.randomUUID().toString();
            try (TcpClient bAnswer = new TcpClient(port())) {
                bAnswer.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(punchHole.getSocketAddr()).setUuid(uuid).setRelayServer(relayAddress())
                        .setId(bId).setVersion("1.4.4")).build());
                bAnswer.awaitClose();
            }
            try (TcpClient bAtRelay = atRelay(uuid, "")) {
                RelayResponse toA = a.receive().orElseThrow().getRelayResponse();
                assertThat(toA.getUuid()).isEqualTo(uuid);
                assertThat(toA.getRelayServer()).isEqualTo(relayAddress());
                assertThat(toA.getSocketAddr()).isEmpty();
                IdPk signed = SignedIdPk.verify(toA.getPk().toByteArray(), Base64.getDecoder().decode(serverKey()))
                        .orElseThrow();
                assertThat(signed.getId()).isEqualTo(bId);
                assertThat(signed.getPk().toByteArray()).isEqualTo(bKey);

                try (TcpClient aAtRelay = atRelay(uuid, bId)) {
                    talk(aAtRelay, bAtRelay);
                }
            }
        }
    }

    @Test
    void aAsksForARelayThroughTheServerAndBothTalkThroughIt() throws Exception {
        String bId = newId();
        try (UdpPeer b = registered(bId, key()); TcpClient a = secureClient()) {
            String uuid = UUID.randomUUID().toString();
            a.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId(bId)
                    .setUuid(uuid).setToken(server.http().login("admin", "test1234")).setSecure(true)).build());

            RequestRelay toB = b.receive().orElseThrow().getRequestRelay();
            assertThat(toB.getUuid()).isEqualTo(uuid);
            assertThat(toB.getRelayServer()).isEqualTo(relayAddress());
            assertThat(toB.getToken()).as("A's token stays with the server").isEmpty();
            assertThat(AddrMangle.decode(toB.getSocketAddr().toByteArray())).isEqualTo(a.localAddress());

            try (TcpClient bAnswer = new TcpClient(port())) {
                bAnswer.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(toB.getSocketAddr()).setVersion("1.4.4")).build());
            }
            RelayResponse toA = a.receive().orElseThrow().getRelayResponse();
            assertThat(toA.getRefuseReason()).isEmpty();
            assertThat(toA.getSocketAddr()).isEmpty();

            try (TcpClient bAtRelay = atRelay(uuid, ""); TcpClient aAtRelay = atRelay(uuid, bId)) {
                talk(aAtRelay, bAtRelay);
            }
        }
    }

    @Test
    void metricsCountOnlinePeersAndWhatEndedRelaySessionsCarried() throws InterruptedException {
        double bytesBefore = metric("rdhub_relay_bytes_total");
        String bId = newId();
        try (UdpPeer b = registered(bId, key())) {
            assertThat(metric("rdhub_rendezvous_peers_online")).isPositive();
            String uuid = UUID.randomUUID().toString();
            try (TcpClient bAtRelay = atRelay(uuid, ""); TcpClient aAtRelay = atRelay(uuid, bId)) {
                talk(aAtRelay, bAtRelay);
            }
        }
        // "hello from A" and "hello from B", each with its one-byte frame header
        await(() -> metric("rdhub_relay_bytes_total") == bytesBefore + 26);
        assertThat(metric("rdhub_relay_sessions_ended_total")).isPositive();
    }

    /** A sample's value on /metrics, in Prometheus's text format. */
    private static double metric(String name) {
        return server.http().get("/metrics").body().lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " on /metrics"));
    }

    @Test
    void aRelayToAnUnknownOrOfflinePeerIsRefusedAtOnce() {
        String offline = newId();
        registered(offline, key()).close();
        server.clock().advance(Duration.ofSeconds(31));
        assertThat(relayRefusal(newId())).isEqualTo(SessionSetup.ID_NOT_EXIST);
        assertThat(relayRefusal(offline)).isEqualTo(SessionSetup.OFFLINE);
    }

    @Test
    void bPunchingAUdpHoleIsAnsweredOnceAndOnlyOnATcpConnection() throws Exception {
        String bId = newId();
        try (UdpPeer b = registered(bId, key()); TcpClient a = secureClient()) {
            a.send(RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(bId)
                    .setLicenceKey(serverKey()).setNatType(NatType.ASYMMETRIC).setUdpPort(40000)).build());
            PunchHole punchHole = b.receive().orElseThrow().getPunchHole();
            assertThat(punchHole.getUdpPort()).isEqualTo(40000);

            // B sends its PunchHoleSent by UDP three times (§8.3 step 6)
            try (UdpPeer bPunch = new UdpPeer(port())) {
                for (int i = 0; i < 3; i++) {
                    bPunch.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                            .setSocketAddr(punchHole.getSocketAddr()).setId(bId).setNatType(NatType.ASYMMETRIC)
                            .setVersion("1.4.4")).build());
                }
                PunchHoleResponse response = a.receive().orElseThrow().getPunchHoleResponse();
                assertThat(response.getIsUdp()).isTrue();
                assertThat(AddrMangle.decode(response.getSocketAddr().toByteArray())).isEqualTo(bPunch.localAddress());
                assertThat(response.getPk()).isNotEmpty();

                bPunch.timeout(300);
                assertThat(bPunch.receive()).as("nothing is sent back by UDP").isEmpty();
                a.timeout(300);
                assertThat(a.receiveWithin()).as("A is answered once").isEmpty();
            }
        }
    }

    @Test
    void aLoggedInRequestIsDecidedByTheAccessRulesBeforeBHearsOfIt() {
        String bId = newId(); // unassigned: everyone's, until only administrators may reach such devices
        server.app().users().create(new Caller.CommandLine(), new NewAccount("dora", null, "", null, false), PASSWORD);
        String dora = server.http().login("dora", PASSWORD);
        String admin = server.http().login("admin", "test1234");
        setting(ServerSetting.ONLY_ADMINS_REACH_UNASSIGNED, "true");
        try (UdpPeer b = registered(bId, key())) {
            b.timeout(300);
            assertThat(punchFailure(bId, dora)).isEqualTo("Connection not allowed");
            assertThat(punchFailure(bId, "not-a-token")).isEqualTo("Your login has expired; log in again");
            assertThat(relayRefusal(bId, dora)).isEqualTo("Connection not allowed");
            assertThat(b.receive()).as("B hears of no refused request").isEmpty();

            assertThat(punchFailure(bId, admin)).isNull();
            assertThat(b.receive().orElseThrow().getUnionCase()).isEqualTo(RendezvousMessage.UnionCase.PUNCH_HOLE);
        } finally {
            setting(ServerSetting.ONLY_ADMINS_REACH_UNASSIGNED, "false");
        }
    }

    @Test
    void aClientThatLogsInThroughTheTunnelGetsWhatTheApiAnswers() {
        try (TcpClient a = secureClient()) {
            a.send(RendezvousMessage.newBuilder().setHttpProxyRequest(HttpProxyRequest.newBuilder()
                    .setMethod("POST").setPath("/api/login")
                    .addHeaders(HeaderEntry.newBuilder().setName("Content-Type").setValue("application/json"))
                    .setBody(ByteString.copyFromUtf8("{\"username\":\"admin\",\"password\":\"test1234\"}")))
                    .build());
            HttpProxyResponse response = a.receive().orElseThrow().getHttpProxyResponse();
            assertThat(response.getError()).isEmpty();
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getBody().toStringUtf8()).contains("\"access_token\"");
        }
    }

    /** Both directions through the relay, frames arriving as they were sent. */
    private static void talk(TcpClient a, TcpClient b) {
        a.sendFrame("hello from A".getBytes(UTF_8));
        assertThat(new String(b.receiveFrame().orElseThrow(), UTF_8)).isEqualTo("hello from A");
        b.sendFrame("hello from B".getBytes(UTF_8));
        assertThat(new String(a.receiveFrame().orElseThrow(), UTF_8)).isEqualTo("hello from B");
    }

    /** §13 step 2: A names B, B does not; both carry the server's key. */
    private static TcpClient atRelay(String uuid, String bId) {
        TcpClient client = new TcpClient(server.relay().port());
        client.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setUuid(uuid).setId(bId)
                .setLicenceKey(serverKey())).build());
        return client;
    }

    /** The failure text A is shown, or null when the request went on to B. */
    private static String punchFailure(String bId, String token) {
        try (TcpClient a = secureClient()) {
            a.send(RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(bId)
                    .setToken(token).setLicenceKey(serverKey()).setNatType(NatType.ASYMMETRIC)).build());
            a.timeout(500);
            return a.receiveWithin().map(message -> message.getPunchHoleResponse().getOtherFailure()).orElse(null);
        }
    }

    private static String relayRefusal(String bId) {
        return relayRefusal(bId, "");
    }

    private static String relayRefusal(String bId, String token) {
        try (TcpClient a = secureClient()) {
            a.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId(bId)
                    .setToken(token).setUuid(UUID.randomUUID().toString())).build());
            return a.receive().orElseThrow().getRelayResponse().getRefuseReason();
        }
    }

    private static void setting(ServerSetting setting, String value) {
        server.app().settings().set(new Caller.CommandLine(), setting, value);
    }

    /** A logged-in A on another network (127.0.0.2): it runs the handshake first (§8.1 step 2). */
    static TcpClient secureClient() {
        TcpClient client = new TcpClient(port(), otherNetwork(), 0);
        client.handshake(Base64.getDecoder().decode(serverKey()));
        return client;
    }

    private static InetAddress otherNetwork() {
        try {
            return InetAddress.getByName("127.0.0.2");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String relayAddress() {
        return "127.0.0.1:" + server.relay().port();
    }
}
