package org.rdhub.audit;

/**
 * Filters of the file-audit list; null means "no filter".
 *
 * @param device      LIKE pattern on the device's id
 * @param peer        LIKE pattern on the controller's id
 * @param direction   exact {@link FileAudit} direction
 * @param userId      records of this user's devices
 * @param createdFrom epoch millis, inclusive
 * @param createdTo   epoch millis, exclusive
 */
public record FileAuditFilter(String device, String peer, Integer direction, Long userId, Long createdFrom,
        Long createdTo) {

    public static final FileAuditFilter ALL = new FileAuditFilter(null, null, null, null, null, null);
}
