package org.rdhub.relay;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the two sides of a relay session by uuid (protocol.md §13 step 4). Nothing but the uuid is compared, and
 * the order in which the two peers arrive does not matter. Synchronized: one short critical section per connection.
 */
final class Pairing {
    private static final Logger LOG = LoggerFactory.getLogger(Pairing.class);

    private final RelayLimits limits;
    private final Consumer<RelayUsage> usage;
    private final QueueGauge queued;
    private final Map<String, RelaySide> waiting = new HashMap<>();
    private final Set<String> paired = new HashSet<>();

    Pairing(RelayLimits limits, Consumer<RelayUsage> usage, QueueGauge queued) {
        this.limits = limits;
        this.usage = usage;
        this.queued = queued;
    }

    /** A side sent its {@code RequestRelay}: it waits, completes a pair, or is refused (closed). */
    void arrive(String uuid, RelaySide side) {
        RelaySide partner;
        synchronized (this) {
            // hbbr would let a third side wait (and time out); refusing at once frees its slot sooner
            if (paired.contains(uuid)) {
                partner = null;
            } else if ((partner = waiting.remove(uuid)) == null) {
                if (waiting.size() >= limits.maxWaiting()) {
                    LOG.warn("relay: {} sides already waiting, refusing one more", waiting.size());
                } else {
                    waiting.put(uuid, side);
                    side.channel().eventLoop().schedule(() -> expire(uuid, side),
                            limits.pairingTimeout().toNanos(), TimeUnit.NANOSECONDS);
                    return;
                }
            } else if (paired.size() >= limits.maxSessions()) {
                LOG.warn("relay: {} sessions already open, refusing one more", paired.size());
                partner.channel().close();
                partner = null;
            } else {
                paired.add(uuid);
            }
        }
        if (partner == null) {
            side.channel().close();
            return;
        }
        RelaySession session = new RelaySession(uuid, partner, side, limits, queued, this::ended);
        session.start();
    }

    /** A side closed: if it was still waiting, its uuid is free again. */
    synchronized void left(String uuid, RelaySide side) {
        waiting.remove(uuid, side);
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized int sessions() {
        return paired.size();
    }

    private void expire(String uuid, RelaySide side) {
        boolean expired;
        synchronized (this) {
            expired = waiting.remove(uuid, side);
        }
        if (expired) {
            LOG.debug("relay: {} waited too long for its partner", uuid);
            side.channel().close();
        }
    }

    private void ended(RelayUsage session) {
        synchronized (this) {
            paired.remove(session.uuid());
        }
        usage.accept(session);
    }
}
