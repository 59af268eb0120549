package org.rdhub.audit;

/**
 * One row of the console audit as read back.
 *
 * @param typ Pro's area code, or null for rdhub's own actions
 * @param iop Pro's operation code, or null for rdhub's own actions
 */
public record ConsoleAuditEntry(
        long id,
        String guid,
        String operator,
        String channel,
        String ip,
        String action,
        Integer typ,
        Integer iop,
        String target,
        String details,
        long createdAt) {
}
