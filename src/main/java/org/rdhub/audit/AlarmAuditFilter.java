package org.rdhub.audit;

/**
 * Filters of the alarm-audit list; null means "no filter".
 *
 * @param device      LIKE pattern on the device's id
 * @param typ         exact alarm type
 * @param userId      alarms of this user's devices
 * @param createdFrom epoch millis, inclusive
 * @param createdTo   epoch millis, exclusive
 */
public record AlarmAuditFilter(String device, Integer typ, Long userId, Long createdFrom, Long createdTo) {

    public static final AlarmAuditFilter ALL = new AlarmAuditFilter(null, null, null, null, null);
}
