package org.rdhub.devices;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rdhub.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which devices were heard from, and when, kept in memory: heartbeats arrive every few seconds per device, so they
 * never write to the database themselves. {@link #flush} writes the last-online times and addresses in one batch.
 */
public final class DevicePresence {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePresence.class);

    /** A device heard from within this window is online. */
    public static final Duration ONLINE_WINDOW = Duration.ofSeconds(60);

    /** The last time a device was heard from, from where, and its live incoming connections. */
    public record Seen(long deviceId, long at, String ip, List<Integer> conns) {
    }

    private final Database database;
    private final DeviceStore store;
    private final Clock clock;
    private final Map<String, Seen> byRustdeskId = new ConcurrentHashMap<>();
    private final Map<Long, Seen> unflushed = new ConcurrentHashMap<>();

    public DevicePresence(Database database, DeviceStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    void heard(long deviceId, String rustdeskId, String ip, List<Integer> conns) {
        Seen seen = new Seen(deviceId, clock.millis(), ip, List.copyOf(conns));
        byRustdeskId.put(rustdeskId, seen);
        unflushed.put(deviceId, seen);
    }

    /** Heard from by the rendezvous server, which knows no incoming connections: those of the last heartbeat stay. */
    void heardAlive(long deviceId, String rustdeskId, String ip) {
        Seen before = byRustdeskId.get(rustdeskId);
        heard(deviceId, rustdeskId, ip, before == null ? List.of() : before.conns());
    }

    /** Heard from, but already written with the sysinfo that brought the news: nothing left to flush. */
    void heardAndStored(long deviceId, String rustdeskId, String ip) {
        byRustdeskId.put(rustdeskId, new Seen(deviceId, clock.millis(), ip, List.of()));
        unflushed.remove(deviceId);
    }

    /** The device was deleted: nothing about it is kept or written. */
    void forget(long deviceId, String rustdeskId) {
        byRustdeskId.remove(rustdeskId);
        unflushed.remove(deviceId);
    }

    public boolean isOnline(String rustdeskId) {
        return lastSeen(rustdeskId)
                .map(seen -> clock.millis() - seen.at() <= ONLINE_WINDOW.toMillis())
                .orElse(false);
    }

    /** How many devices were heard from within the online window. */
    public long onlineCount() {
        long since = clock.millis() - ONLINE_WINDOW.toMillis();
        return byRustdeskId.values().stream().filter(seen -> seen.at() >= since).count();
    }

    /** The RustDesk IDs of the devices heard from within the online window. */
    public Set<String> onlineIds() {
        long since = clock.millis() - ONLINE_WINDOW.toMillis();
        Set<String> ids = new HashSet<>();
        byRustdeskId.forEach((id, seen) -> {
            if (seen.at() >= since) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** When this process last heard from the device (earlier runs are in {@code devices.last_online_at}). */
    public Optional<Seen> lastSeen(String rustdeskId) {
        return Optional.ofNullable(byRustdeskId.get(rustdeskId));
    }

    /** Writes what was heard since the last flush; what fails to write stays for the next one. */
    public void flush() {
        if (unflushed.isEmpty()) {
            return;
        }
        Map<Long, Seen> batch = new HashMap<>();
        for (Long deviceId : unflushed.keySet()) {
            Seen seen = unflushed.remove(deviceId);
            if (seen != null) {
                batch.put(deviceId, seen);
            }
        }
        try {
            database.useTransaction(h -> store.recordPresence(h, batch));
        } catch (RuntimeException e) {
            batch.forEach((deviceId, seen) -> unflushed.merge(deviceId, seen,
                    (newer, older) -> newer.at() >= older.at() ? newer : older));
            LOG.warn("could not record device presence: {}", e.getMessage());
        }
    }
}
