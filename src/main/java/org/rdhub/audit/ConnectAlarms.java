package org.rdhub.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rdhub.common.Ids;
import org.rdhub.db.Database;
import org.rdhub.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an alarm record when the rendezvous server refuses a connection by its access rules. A client can repeat
 * a refused request as fast as it likes, so each (source address, target, reason) is written at most once a
 * minute, and at most {@value #MAX_KEYS} of them a minute in all: the memory and the rows stay bounded. While a
 * flood of distinct requests fills that allowance, further refusals go unrecorded until its entries are a minute old.
 */
public final class ConnectAlarms {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectAlarms.class);
    /** rdhub's own type, well above the client's (0–10), so a future client type cannot collide with it. */
    public static final int CONNECTION_REFUSED = 100;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_KEYS = 200;
    /** The width of {@code alarm_audits.device_id}, and the longest RustDesk id. */
    private static final int MAX_TARGET = 100;

    private record Key(String ip, String target, String reason) {
    }

    private final Database database;
    private final DeviceAuditStore store;
    private final Clock clock;
    private final Map<Key, Long> writtenAt = new ConcurrentHashMap<>();

    public ConnectAlarms(Database database, DeviceAuditStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records that {@code fromIp} was refused a connection to {@code targetId}, unless the same was recorded
     * within the last minute.
     *
     * @param reason the text the client was shown
     * @param user   the signed-in user who asked, or null when the client was not signed in (or its login was gone)
     */
    public void refused(String fromIp, String targetId, String reason, String user) {
        String target = targetId.length() > MAX_TARGET ? targetId.substring(0, MAX_TARGET) : targetId;
        long now = clock.millis();
        if (!firstInWindow(new Key(fromIp, target, reason), now)) {
            return;
        }
        LOG.info("[{}] connection from {} refused: {}", target, fromIp, reason);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ip", fromIp);
        if (user != null) {
            info.put("name", user);
        }
        info.put("reason", reason);
        var alarm = new DeviceAuditStore.NewAlarmAudit(target, CONNECTION_REFUSED, 0, Json.write(info), null);
        try {
            database.useTransaction(h -> store.insertAlarm(h, Ids.newGuid(), alarm, now));
        } catch (RuntimeException e) {
            // the refusal stands whether or not it could be recorded
            LOG.warn("[{}] could not record the refused connection: {}", target, e.getMessage());
        }
    }

    private boolean firstInWindow(Key key, long now) {
        if (writtenAt.size() >= MAX_KEYS && !writtenAt.containsKey(key)) {
            writtenAt.values().removeIf(at -> !recent(at, now));
            if (writtenAt.size() >= MAX_KEYS) {
                return false;
            }
        }
        boolean[] first = {false};
        writtenAt.compute(key, (k, at) -> {
            if (at != null && recent(at, now)) {
                return at;
            }
            first[0] = true;
            return now;
        });
        return first[0];
    }

    /** A clock set back counts as time passed, so a key cannot be silenced for longer than the window. */
    private static boolean recent(long at, long now) {
        return now >= at && now - at < WINDOW.toMillis();
    }
}
