package org.rdhub.auth;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for pending second login steps. */
public final class LoginChallengeStore {

    public enum Kind {
        EMAIL,
        TOTP
    }

    public record Challenge(long id, long userId, Kind kind, String codeHash, int attempts, String deviceId,
            String deviceUuid, String deviceInfo, long expiresAt) {
    }

    public void insert(Handle h, String secretHash, long userId, Kind kind, String codeHash,
            LoginService.Device device, long now, long expiresAt) {
        h.createUpdate("""
                INSERT INTO login_challenges (secret_hash, user_id, kind, code_hash, device_id, device_uuid,
                                              device_info, created_at, expires_at)
                VALUES (:secretHash, :userId, :kind, :codeHash, :deviceId, :deviceUuid, :deviceInfo, :now,
                        :expiresAt)""")
                .bind("secretHash", secretHash).bind("userId", userId).bind("kind", kind.name().toLowerCase())
                .bind("codeHash", codeHash).bind("deviceId", device.id()).bind("deviceUuid", device.uuid())
                .bind("deviceInfo", device.infoJson()).bind("now", now).bind("expiresAt", expiresAt)
                .execute();
    }

    public Optional<Challenge> findBySecretHash(Handle h, String secretHash) {
        return h.createQuery("""
                SELECT id, user_id, kind, code_hash, attempts, device_id, device_uuid, device_info, expires_at
                FROM login_challenges WHERE secret_hash = :hash""")
                .bind("hash", secretHash)
                .map((rs, ctx) -> new Challenge(rs.getLong("id"), rs.getLong("user_id"),
                        Kind.valueOf(rs.getString("kind").toUpperCase()), rs.getString("code_hash"),
                        rs.getInt("attempts"), rs.getString("device_id"), rs.getString("device_uuid"),
                        rs.getString("device_info"), rs.getLong("expires_at")))
                .findOne();
    }

    public void countAttempt(Handle h, long id) {
        h.createUpdate("UPDATE login_challenges SET attempts = attempts + 1 WHERE id = :id").bind("id", id).execute();
    }

    public void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM login_challenges WHERE id = :id").bind("id", id).execute();
    }

    public int deleteBySecretHash(Handle h, String secretHash) {
        return h.createUpdate("DELETE FROM login_challenges WHERE secret_hash = :hash").bind("hash", secretHash)
                .execute();
    }

    public void deleteExpired(Handle h, long now) {
        h.createUpdate("DELETE FROM login_challenges WHERE expires_at <= :now").bind("now", now).execute();
    }
}
