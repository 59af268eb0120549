package org.rdhub.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.relay.RelayServerTest.await;
import static org.rdhub.relay.RelayServerTest.awaitStalled;
import static org.rdhub.relay.RelayServerTest.concat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdhub.protocol.FrameCodec;
import org.rdhub.protocol.wire.RegisterPeer;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.support.WebSocketPeer;

/**
 * The relay's WebSocket port (protocol.md §13 step 5, §14): WebSocket peers pair with each other and with TCP peers,
 * one binary message per TCP frame payload.
 */
class RelayWebSocketTest {
    private static final String KEY = "OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=";
    private static final RelayLimits FAST = RelayLimits.DEFAULTS.withTimeouts(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

    private final BlockingQueue<RelayUsage> usages = new LinkedBlockingQueue<>();
    private RelayServer relay;

    private void start(RelayLimits limits) {
        relay = RelayServer.start(new InetSocketAddress("127.0.0.1", 0), KEY, limits, usages::add);
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void theWebSocketPortIsTheTcpPortPlusTwo() throws Exception {
        // another program may take the ports between the probe and the bind: try a few
        for (int attempt = 0; relay == null; attempt++) {
            int port = freePortWithFreePortPlusTwo();
            try {
                relay = RelayServer.start(new InetSocketAddress("127.0.0.1", port), KEY, FAST, usages::add);
            } catch (RuntimeException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
        assertThat(relay.webSocketPort()).isEqualTo(relay.port() + 2);
    }

    @Test
    void webSocketSidesPairAndExchangeMessagesBothWaysEmptyOnesToo() throws Exception {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        try (WebSocketPeer b = wsSide(uuid)) {
            b.send(bytes("B's SignedId"));
            awaitWaiting(1);
            try (WebSocketPeer a = wsSide(uuid)) {
                assertThat(a.receive()).isEqualTo(bytes("B's SignedId"));
                a.send(new byte[0]);
                assertThat(b.receive()).isEmpty();
                a.send(bytes("A's PublicKey"));
                assertThat(b.receive()).isEqualTo(bytes("A's PublicKey"));
            }
            assertThat(b.closedByServer()).isTrue();
        }
        RelayUsage usage = usages.poll(5, TimeUnit.SECONDS);
        assertThat(usage).isNotNull();
        assertThat(usage.bytesFirstToSecond()).isEqualTo("B's SignedId".length());
        assertThat(usage.bytesSecondToFirst()).isEqualTo("A's PublicKey".length());
    }

    @ParameterizedTest(name = "TCP side first: {0}")
    @ValueSource(booleans = {true, false})
    void tcpFramesBecomeWebSocketMessagesAndBack(boolean tcpFirst) {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        byte[] large = new byte[100_000]; // a 3-byte frame header, and more than one read on the way
        new Random(7).nextBytes(large);
        // the slower connection first: the other has a 2 s handshake timeout running meanwhile
        try (WebSocketPeer ws = ws();
                RelayPeer tcp = RelayPeer.connect(relay.port())) {
            // the waiting side sends its first message at once, before its partner is there (§10.6)
            if (tcpFirst) {
                tcp.send(concat(RelayPeer.requestFrame(uuid, KEY), FrameCodec.encode(bytes("early"))));
                awaitWaiting(1);
                ws.send(RelayPeer.requestMessage(uuid, KEY));
                assertThat(ws.receive()).isEqualTo(bytes("early"));
            } else {
                ws.send(RelayPeer.requestMessage(uuid, KEY)).send(bytes("early"));
                awaitWaiting(1);
                tcp.request(uuid, KEY);
                assertThat(tcp.read(6)).isEqualTo(FrameCodec.encode(bytes("early")));
            }
            // several frames in one write, an empty one among them, and one split over many reads
            tcp.send(concat(concat(FrameCodec.encode(bytes("one")), FrameCodec.encode(new byte[0])),
                    FrameCodec.encode(large)));
            assertThat(ws.receive()).isEqualTo(bytes("one"));
            assertThat(ws.receive()).isEmpty();
            assertThat(ws.receive()).isEqualTo(large);
            ws.send(bytes("two")).send(new byte[0]).send(large);
            byte[] expected = concat(concat(FrameCodec.encode(bytes("two")), FrameCodec.encode(new byte[0])),
                    FrameCodec.encode(large));
            assertThat(tcp.read(expected.length)).isEqualTo(expected);
        }
    }

    @Test
    void aFrameLongerThanAMessageMayBeEndsAMixedPair() {
        start(new RelayLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 10, 10,
                4096, 1024, 64 * 1024, 64 * 1024, 256 * 1024));
        String uuid = UUID.randomUUID().toString();
        try (WebSocketPeer ws = wsSide(uuid)) {
            awaitWaiting(1);
            try (RelayPeer tcp = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                awaitSessions(1);
                tcp.send(FrameCodec.encode(new byte[2048]));
                assertThat(tcp.closedByRelay()).isTrue();
                assertThat(ws.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void aWebSocketReaderThatFallsBehindKeepsTheRelaysQueueBounded() throws Exception {
        start(RelayLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        String uuid = UUID.randomUUID().toString();
        int frames = 512;
        int frameSize = 64 * 1024; // 32 MiB in all
        try (WebSocketPeer reader = WebSocketPeer.connect(relay.webSocketPort(), "/ws/relay", true)
                .send(RelayPeer.requestMessage(uuid, KEY))) {
            awaitWaiting(1);
            try (RelayPeer writer = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < frames; i++) {
                        byte[] payload = new byte[frameSize];
                        Arrays.fill(payload, (byte) i);
                        writer.send(FrameCodec.encode(payload));
                        written.addAndGet(frameSize);
                    }
                }, task -> Thread.ofPlatform().daemon().start(task));
                long stalledAt = awaitStalled(written);
                assertThat(stalledAt).isLessThan((long) frames * frameSize / 2);
                reader.resume();
                for (int i = 0; i < frames; i++) {
                    byte[] message = reader.receive();
                    assertThat(message).hasSize(frameSize);
                    assertThat(message[0]).isEqualTo((byte) i);
                    assertThat(message[frameSize - 1]).isEqualTo((byte) i);
                }
                sending.get(30, TimeUnit.SECONDS);
                assertThat(relay.maxQueuedBytes())
                        .isLessThanOrEqualTo(RelayLimits.DEFAULTS.writeHighWater() + 1024 * 1024);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-key", "no-uuid", "not-protobuf", "register-peer", "empty", "oversized", "text"})
    void aBadFirstMessageClosesOnlyThatConnection(String kind) {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        try (WebSocketPeer a = wsSide(uuid)) {
            awaitWaiting(1);
            try (WebSocketPeer b = wsSide(uuid);
                    WebSocketPeer bad = ws()) {
                awaitSessions(1);
                if (kind.equals("text")) {
                    // ignored like any text message; the connection then has not sent its request in time
                    bad.sendText(new String(RelayPeer.requestMessage(UUID.randomUUID().toString(), KEY),
                            StandardCharsets.ISO_8859_1));
                } else {
                    bad.send(badFirstMessage(kind));
                }
                assertThat(bad.closedByServer()).isTrue();
                a.send(bytes("still here"));
                assertThat(b.receive()).isEqualTo(bytes("still here"));
                assertThat(relay.waitingSides()).isZero();
            }
        }
    }

    private static int freePortWithFreePortPlusTwo() throws IOException {
        while (true) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = probe.getLocalPort();
                if (port + 2 > 65535) {
                    continue;
                }
                try {
                    new ServerSocket(port + 2, 1, InetAddress.getLoopbackAddress()).close();
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
    }

    private static byte[] badFirstMessage(String kind) {
        return switch (kind) {
            case "wrong-key" -> RelayPeer.requestMessage(UUID.randomUUID().toString(), "another key");
            case "no-uuid" -> RelayPeer.requestMessage("", KEY);
            case "not-protobuf" -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            case "register-peer" -> RendezvousMessage.newBuilder()
                    .setRegisterPeer(RegisterPeer.newBuilder().setId("123456789")).build().toByteArray();
            case "empty" -> new byte[0];
            case "oversized" -> new byte[RelayLimits.DEFAULTS.maxFirstFrame() + 1];
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private void awaitWaiting(int count) {
        await(() -> relay.waitingSides() == count, "waiting sides = " + count);
    }

    private void awaitSessions(int count) {
        await(() -> relay.sessions() == count, "sessions = " + count);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A relay connection over WebSocket, on the path a client behind a domain name uses (any path is accepted). */
    private WebSocketPeer ws() {
        return WebSocketPeer.connect(relay.webSocketPort(), "/ws/relay");
    }

    /** A WebSocket side that has sent its RequestRelay. */
    private WebSocketPeer wsSide(String uuid) {
        return ws().send(RelayPeer.requestMessage(uuid, KEY));
    }

}
