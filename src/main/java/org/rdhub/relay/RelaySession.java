package org.rdhub.relay;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two paired sides (protocol.md §13 steps 5–6): counts the bytes each way, closes both when one goes or when neither
 * sent anything for {@link RelayLimits#idleTimeout}, and reports its {@link RelayUsage} once.
 */
final class RelaySession {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySession.class);

    private final String uuid;
    private final RelaySide first;
    private final RelaySide second;
    private final RelayLimits limits;
    private final QueueGauge queued;
    private final Consumer<RelayUsage> ended;
    private final AtomicLong firstToSecond = new AtomicLong();
    private final AtomicLong secondToFirst = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private volatile long lastReadNanos = startNanos;
    private volatile ScheduledFuture<?> idleCheck;

    RelaySession(String uuid, RelaySide first, RelaySide second, RelayLimits limits, QueueGauge queued,
            Consumer<RelayUsage> ended) {
        this.uuid = uuid;
        this.first = first;
        this.second = second;
        this.limits = limits;
        this.queued = queued;
        this.ended = ended;
    }

    void start() {
        LOG.debug("relay {}: paired", uuid);
        first.channel().eventLoop().execute(() -> first.pair(this, second));
        second.channel().eventLoop().execute(() -> second.pair(this, first));
        long every = limits.idleCheckInterval().toNanos();
        idleCheck = first.channel().eventLoop().scheduleAtFixedRate(this::checkIdle, every, every,
                TimeUnit.NANOSECONDS);
    }

    void received(RelaySide from, int length) {
        (from == first ? firstToSecond : secondToFirst).addAndGet(length);
        lastReadNanos = System.nanoTime();
    }

    void observeQueue(long bytes) {
        queued.observe(bytes);
    }

    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> check = idleCheck;
        if (check != null) {
            check.cancel(false);
        }
        first.shutdown();
        second.shutdown();
        RelayUsage usage = new RelayUsage(uuid, firstToSecond.get(), secondToFirst.get(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        LOG.info("relay {} ended ({}): {} bytes one way, {} the other, {} s", uuid, reason,
                usage.bytesFirstToSecond(), usage.bytesSecondToFirst(), usage.duration().toSeconds());
        ended.accept(usage);
    }

    private void checkIdle() {
        if (System.nanoTime() - lastReadNanos > limits.idleTimeout().toNanos()) {
            close("idle");
        }
    }
}
