package org.rdhub.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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

/** Two plain sockets play the two peers of protocol.md §13 against a relay on a free loopback port. */
class RelayServerTest {
    private static final String KEY = "OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=";
    private static final int MiB = 1024 * 1024;
    private static final RelayLimits FAST = RelayLimits.DEFAULTS.withTimeouts(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

    /** Each blocking peer gets its own thread: a shared pool could park a reader behind a blocked writer. */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().start(task);

    private final BlockingQueue<RelayUsage> usages = new LinkedBlockingQueue<>();
    private RelayServer relay;

    private RelayServer start(RelayLimits limits) {
        relay = RelayServer.start(new InetSocketAddress("127.0.0.1", 0), KEY, limits, usages::add);
        return relay;
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void pairsByUuidAndDeliversWhatTheWaitingSideSentFirst() {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        byte[] signedId = FrameCodec.encode("B's SignedId".getBytes(StandardCharsets.UTF_8));
        // B arrives first and sends its first handshake message in the same write as its request (§10.6)
        try (RelayPeer b = RelayPeer.connect(relay.port());
                RelayPeer a = RelayPeer.connect(relay.port())) {
            b.send(concat(RelayPeer.requestFrame(uuid, KEY), signedId));
            awaitWaiting(1);
            a.request(uuid, KEY);
            assertThat(a.read(signedId.length)).isEqualTo(signedId);
            byte[] empty = {0};
            a.send(empty);
            assertThat(b.read(1)).isEqualTo(empty);
            assertThat(relay.sessions()).isEqualTo(1);
            assertThat(relay.waitingSides()).isZero();
        }
    }

    @Test
    void aWaitingSideThatSendsMoreThanIsKeptIsPausedAndResumedWhenPaired() throws Exception {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        int early = 4 * MiB; // far over the 64 KiB kept: the relay must stop reading, not drop or buffer it all
        try (RelayPeer b = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
            awaitWaiting(1);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(
                    () -> write(b.output(), early, 3), OWN_THREAD);
            Thread.sleep(200);
            try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                assertThat(check(a.input(), early, 3)).isEqualTo(early);
                sending.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void largePayloadsFlowBothWaysAtOnceByteExactAndAreCounted() throws Exception {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        int size = 8 * MiB;
        try (RelayPeer first = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
            awaitWaiting(1);
            try (RelayPeer second = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                CompletableFuture<Void> sendFirst = CompletableFuture.runAsync(
                        () -> write(first.output(), size, 1), OWN_THREAD);
                CompletableFuture<Void> sendSecond = CompletableFuture.runAsync(
                        () -> write(second.output(), size, 2), OWN_THREAD);
                CompletableFuture<Long> readFirst = CompletableFuture.supplyAsync(
                        () -> check(first.input(), size, 2), OWN_THREAD);
                CompletableFuture<Long> readSecond = CompletableFuture.supplyAsync(
                        () -> check(second.input(), size, 1), OWN_THREAD);
                CompletableFuture.allOf(sendFirst, sendSecond, readFirst, readSecond).get(60, TimeUnit.SECONDS);
                assertThat(readFirst.get()).isEqualTo(size);
                assertThat(readSecond.get()).isEqualTo(size);
            }
        }
        RelayUsage usage = usages.poll(5, TimeUnit.SECONDS);
        assertThat(usage).isNotNull();
        assertThat(usage.uuid()).isEqualTo(uuid);
        assertThat(usage.bytesFirstToSecond()).isEqualTo(size);
        assertThat(usage.bytesSecondToFirst()).isEqualTo(size);
    }

    @Test
    void aThirdSideWithAPairedUuidIsRefused() {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, KEY);
                RelayPeer b = RelayPeer.connect(relay.port())) {
            awaitWaiting(1);
            b.request(uuid, KEY);
            awaitSessions(1);
            try (RelayPeer third = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                assertThat(third.closedByRelay()).isTrue();
            }
            a.send(new byte[] {42});
            assertThat(b.read(1)).containsExactly(42);
        }
    }

    @Test
    void aSideWhosePartnerNeverComesIsClosed() {
        start(RelayLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5)));
        try (RelayPeer alone = RelayPeer.connect(relay.port()).request(UUID.randomUUID().toString(), KEY)) {
            assertThat(alone.closedByRelay()).isTrue();
        }
        assertThat(relay.waitingSides()).isZero();
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() {
        start(RelayLimits.DEFAULTS.withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        try (RelayPeer silent = RelayPeer.connect(relay.port())) {
            assertThat(silent.closedByRelay()).isTrue();
        }
    }

    @Test
    void closingOneSideClosesTheOtherAfterDeliveringWhatItSent() throws Exception {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        try (RelayPeer b = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
            awaitWaiting(1);
            try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                awaitSessions(1);
                a.send("bye".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(b.read(3)).isEqualTo("bye".getBytes(StandardCharsets.UTF_8));
            assertThat(b.closedByRelay()).isTrue();
        }
        RelayUsage usage = usages.poll(5, TimeUnit.SECONDS);
        assertThat(usage.bytesFirstToSecond()).isZero();
        assertThat(usage.bytesSecondToFirst()).isEqualTo(3);
        awaitSessions(0);
    }

    @Test
    void anIdlePairIsClosed() {
        start(RelayLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300)));
        String uuid = UUID.randomUUID().toString();
        try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
            awaitWaiting(1);
            try (RelayPeer b = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                assertThat(a.closedByRelay()).isTrue();
                assertThat(b.closedByRelay()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "not-protobuf", "register-peer", "oversized", "wrong-key", "no-uuid"})
    void aBadFirstMessageClosesOnlyThatConnection(String kind) {
        start(FAST);
        String uuid = UUID.randomUUID().toString();
        try (RelayPeer a = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
            awaitWaiting(1);
            try (RelayPeer b = RelayPeer.connect(relay.port()).request(uuid, KEY);
                    RelayPeer bad = RelayPeer.connect(relay.port())) {
                awaitSessions(1);
                bad.send(badFirstMessage(kind));
                assertThat(bad.closedByRelay()).isTrue();
                a.send("still here".getBytes(StandardCharsets.UTF_8));
                assertThat(b.read(10)).isEqualTo("still here".getBytes(StandardCharsets.UTF_8));
                assertThat(relay.waitingSides()).isZero();
            }
        }
    }

    @Test
    void moreWaitingSidesThanAllowedAreRefused() {
        RelayLimits one = new RelayLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 10, 1,
                4096, 16 * MiB, 64 * 1024, 64 * 1024, 256 * 1024);
        start(one);
        try (RelayPeer first = RelayPeer.connect(relay.port()).request(UUID.randomUUID().toString(), KEY)) {
            awaitWaiting(1);
            try (RelayPeer second = RelayPeer.connect(relay.port()).request(UUID.randomUUID().toString(), KEY)) {
                assertThat(second.closedByRelay()).isTrue();
            }
            assertThat(relay.waitingSides()).isEqualTo(1);
        }
    }

    @Test
    void aSlowReaderKeepsTheRelaysQueueBounded() throws Exception {
        start(RelayLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        String uuid = UUID.randomUUID().toString();
        long size = 64L * MiB;
        try (RelayPeer reader = RelayPeer.connect(relay.port(), 64 * 1024).request(uuid, KEY)) {
            awaitWaiting(1);
            try (RelayPeer writer = RelayPeer.connect(relay.port()).request(uuid, KEY)) {
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(
                        () -> write(writer.output(), size, 7, written), OWN_THREAD);
                // the reader takes nothing until the writer is stuck: every buffer on the way is full
                long stalledAt = awaitStalled(written);
                assertThat(stalledAt).isLessThan(size / 2);
                assertThat(relay.maxQueuedBytes()).isLessThanOrEqualTo(RelayLimits.DEFAULTS.writeHighWater() + MiB);
                assertThat(check(reader.input(), size, 7)).isEqualTo(size);
                sending.get(60, TimeUnit.SECONDS);
                assertThat(relay.maxQueuedBytes()).isLessThanOrEqualTo(RelayLimits.DEFAULTS.writeHighWater() + MiB);
            }
        }
    }

    private static byte[] badFirstMessage(String kind) {
        return switch (kind) {
            case "http" -> "GET / HTTP/1.1\r\nHost: relay\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case "not-protobuf" -> FrameCodec.encode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            case "register-peer" -> FrameCodec.encode(RendezvousMessage.newBuilder()
                    .setRegisterPeer(RegisterPeer.newBuilder().setId("123456789")).build().toByteArray());
            case "oversized" -> concat(new byte[] {(byte) 0x02, 0x00, 0x40}, new byte[100]); // announces 1 MiB
            case "wrong-key" -> RelayPeer.requestFrame(UUID.randomUUID().toString(), "another key");
            case "no-uuid" -> RelayPeer.requestFrame("", KEY);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Waits until the writer has made no progress for a while, and returns how far it got. */
    static long awaitStalled(AtomicLong written) throws InterruptedException {
        long last = -1;
        while (written.get() != last) {
            last = written.get();
            Thread.sleep(300);
        }
        return last;
    }

    private void awaitWaiting(int count) {
        await(() -> relay.waitingSides() == count, "waiting sides = " + count);
    }

    private void awaitSessions(int count) {
        await(() -> relay.sessions() == count, "sessions = " + count);
    }

    static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static byte pattern(long position, int seed) {
        return (byte) (position * 31 + (position >>> 13) + seed);
    }

    private static void write(OutputStream out, long size, int seed) {
        write(out, size, seed, new AtomicLong());
    }

    private static void write(OutputStream out, long size, int seed, AtomicLong written) {
        byte[] chunk = new byte[64 * 1024];
        try {
            for (long position = 0; position < size; position += chunk.length) {
                int length = (int) Math.min(chunk.length, size - position);
                for (int i = 0; i < length; i++) {
                    chunk[i] = pattern(position + i, seed);
                }
                out.write(chunk, 0, length);
                written.addAndGet(length);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code size} bytes and checks each against the pattern; returns how many matched. */
    private static long check(InputStream in, long size, int seed) {
        byte[] chunk = new byte[64 * 1024];
        long position = 0;
        try {
            while (position < size) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - position));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != pattern(position + i, seed)) {
                        throw new AssertionError("byte " + (position + i) + " differs");
                    }
                }
                position += n;
            }
            return position;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
