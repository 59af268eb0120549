package org.rdhub.devices;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections an administrator asked to end, waiting for the device's next heartbeat that still lists them. A
 * request the device never confirms (the connection ended by itself) is dropped after {@link #LIFETIME}.
 */
final class DisconnectRequests {
    static final Duration LIFETIME = Duration.ofMinutes(2);

    private final Clock clock;
    private final Map<String, Map<Integer, Long>> requested = new ConcurrentHashMap<>();

    DisconnectRequests(Clock clock) {
        this.clock = clock;
    }

    void request(String rustdeskId, int connId) {
        long now = clock.millis();
        // inside compute, so a concurrent take() cannot drop the map this request lands in
        requested.compute(rustdeskId, (id, pending) -> {
            Map<Integer, Long> updated = pending == null ? new ConcurrentHashMap<>() : pending;
            updated.put(connId, now);
            return updated;
        });
    }

    /** The requested connections among {@code liveConns}, each handed out once. */
    List<Integer> take(String rustdeskId, List<Integer> liveConns) {
        Map<Integer, Long> pending = requested.get(rustdeskId);
        if (pending == null) {
            return List.of();
        }
        long oldest = clock.millis() - LIFETIME.toMillis();
        pending.values().removeIf(at -> at < oldest);
        List<Integer> due = new ArrayList<>();
        for (Integer conn : liveConns) {
            if (pending.remove(conn) != null) {
                due.add(conn);
            }
        }
        requested.computeIfPresent(rustdeskId, (id, left) -> left.isEmpty() ? null : left);
        return due;
    }
}
