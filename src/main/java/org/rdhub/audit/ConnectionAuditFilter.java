package org.rdhub.audit;

/**
 * Filters of the connection-audit list; null means "no filter".
 *
 * @param device      LIKE pattern on the controlled device's id (see {@link org.rdhub.db.Filters})
 * @param peer        LIKE pattern on the controller's id
 * @param connType    exact connection type
 * @param userId      records of this user's devices or where this user was the controller
 * @param createdFrom epoch millis, inclusive
 * @param createdTo   epoch millis, exclusive
 */
public record ConnectionAuditFilter(String device, String peer, Integer connType, Long userId, Long createdFrom,
        Long createdTo) {

    public static final ConnectionAuditFilter ALL = new ConnectionAuditFilter(null, null, null, null, null, null);
}
