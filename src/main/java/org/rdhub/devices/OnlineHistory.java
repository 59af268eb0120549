package org.rdhub.devices;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many devices were online over the last days: a sample of the counts every {@link #INTERVAL}, kept for
 * {@link #KEPT}. One small write per interval, whatever the number of devices.
 */
public final class OnlineHistory {
    public static final Duration INTERVAL = Duration.ofMinutes(5);
    static final Duration KEPT = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(OnlineHistory.class);

    /** The counts at one moment (epoch milliseconds). */
    public record Sample(long at, long online, long total) {
    }

    private final Database database;
    private final DeviceService devices;
    private final Permissions permissions;
    private final Clock clock;

    public OnlineHistory(Database database, DeviceService devices, Permissions permissions, Clock clock) {
        this.database = database;
        this.devices = devices;
        this.permissions = permissions;
        this.clock = clock;
    }

    /** Records the counts now and forgets samples older than a week. */
    public void sample() {
        DeviceService.Counts counts = devices.counts(new Caller.CommandLine());
        long now = clock.millis();
        database.useTransaction(h -> {
            h.createUpdate("DELETE FROM device_online_samples WHERE sampled_at = :now OR sampled_at < :oldest")
                    .bind("now", now).bind("oldest", now - KEPT.toMillis()).execute();
            h.createUpdate("INSERT INTO device_online_samples (sampled_at, online, total) VALUES (:at, :online, :total)")
                    .bind("at", now).bind("online", counts.online()).bind("total", counts.total()).execute();
        });
    }

    /** For the background scheduler: a failed sample is logged and the next one tried as planned. */
    public void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("could not record how many devices are online", e);
        }
    }

    /** The samples of the last {@code window}, oldest first. */
    public List<Sample> recent(Caller caller, Duration window) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        long since = clock.millis() - window.toMillis();
        return database.withHandle(h -> h.createQuery("SELECT sampled_at, online, total FROM device_online_samples"
                        + " WHERE sampled_at >= :since ORDER BY sampled_at")
                .bind("since", since)
                .map((rs, ctx) -> new Sample(rs.getLong("sampled_at"), rs.getLong("online"), rs.getLong("total")))
                .list());
    }
}
