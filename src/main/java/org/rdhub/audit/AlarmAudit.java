package org.rdhub.audit;

/**
 * One alarm a device raised (whitelist refusals, repeated failed attempts, session-scope violations).
 *
 * @param typ          the client's alarm type, e.g. 0 outside the IP whitelist, 1 over 30 failed attempts
 * @param info         the client's JSON object text as sent
 * @param connAuditRef hbbs's correlation string for whitelist alarms, or null
 */
public record AlarmAudit(
        long id,
        String guid,
        String deviceId,
        int typ,
        int connId,
        String info,
        String connAuditRef,
        long createdAt) {
}
