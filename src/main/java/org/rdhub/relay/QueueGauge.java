package org.rdhub.relay;

import java.util.concurrent.atomic.AtomicLong;

/** The most bytes any one relayed connection had queued for writing: the figure backpressure keeps bounded. */
final class QueueGauge {
    private final AtomicLong max = new AtomicLong();

    void observe(long queuedBytes) {
        max.accumulateAndGet(queuedBytes, Math::max);
    }

    long max() {
        return max.get();
    }
}
