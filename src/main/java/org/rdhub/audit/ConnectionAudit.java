package org.rdhub.audit;

/**
 * One connection to a device, built from the stages its RustDesk service posts (opened, authorized, closed) and
 * the controller's note. Ids and names are kept as text so the record stays readable after the device or user is
 * gone.
 *
 * @param deviceId     the controlled device's RustDesk id
 * @param connId       the device's per-process connection counter
 * @param sessionId    the controller's random session id, unsigned 64-bit as decimal text ({@code "0"} before
 *                     the login)
 * @param connType     0 remote desktop, 1 file transfer, 2 port forward, 3 view camera, 4 terminal; null until
 *                     the connection was authorized
 * @param primaryAuth  1 click, 2 one-time password, 3 permanent password, 4 switch sides; null when not sent
 * @param twoFactor    1 TOTP, 2 trusted device; null when not sent
 * @param controllerUserId the signed-in user whose client asked for this record, or null
 * @param authorizedAt epoch millis, or null while not logged in
 * @param endTime      epoch millis, or null while open
 */
public record ConnectionAudit(
        long id,
        String guid,
        String deviceId,
        int connId,
        String sessionId,
        Integer connType,
        String peerId,
        String peerName,
        String ip,
        Integer primaryAuth,
        Integer twoFactor,
        String note,
        String connAuditRef,
        Long controllerUserId,
        long createdAt,
        Long authorizedAt,
        Long endTime) {
}
