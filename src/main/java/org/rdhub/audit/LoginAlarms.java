package org.rdhub.audit;

import java.time.Clock;
import java.util.Map;
import org.rdhub.auth.LoginThrottle;
import org.rdhub.common.Ids;
import org.rdhub.db.Database;
import org.rdhub.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an alarm record (with no device) when sign-in guessing is stopped. Pro's server-side alarm types are used: 3 for an
 * account locked after failures in a row, 4 for an address locked after many failures in a short time.
 */
public final class LoginAlarms {
    private static final Logger LOG = LoggerFactory.getLogger(LoginAlarms.class);
    public static final int ACCOUNT_LOCKED = 3;
    public static final int ADDRESS_LOCKED = 4;

    private final Database database;
    private final DeviceAuditStore store;
    private final Clock clock;

    public LoginAlarms(Database database, DeviceAuditStore store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    public void lockedOut(LoginThrottle.Lockout lockout) {
        LOG.warn("[{}] sign-in locked for {} s after {} failures", lockout.subject(),
                lockout.duration().toSeconds(), lockout.failures());
        String info = Json.write(Map.of(
                lockout.address() ? "ip" : "name", lockout.subject(),
                "failures", lockout.failures(),
                "locked_seconds", lockout.duration().toSeconds()));
        var alarm = new DeviceAuditStore.NewAlarmAudit("", lockout.address() ? ADDRESS_LOCKED : ACCOUNT_LOCKED, 0,
                info, null);
        database.useTransaction(h -> store.insertAlarm(h, Ids.newGuid(), alarm, clock.millis()));
    }
}
