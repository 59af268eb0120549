package org.rdhub.auth;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for the bearer tokens RustDesk clients get at login. Only the SHA-256 of a token is stored. */
public final class AccessTokenStore {

    /** The token's row id and its user's id. */
    public record TokenOwner(long tokenId, long userId) {
    }

    public long insert(Handle h, String tokenHash, long userId, String deviceId, String deviceUuid,
            String deviceInfoJson, long now) {
        return h.createQuery("""
                INSERT INTO access_tokens (token_hash, user_id, device_id, device_uuid, device_info, created_at)
                VALUES (:hash, :userId, :deviceId, :deviceUuid, :deviceInfo, :now) RETURNING id""")
                .bind("hash", tokenHash).bind("userId", userId).bind("deviceId", deviceId)
                .bind("deviceUuid", deviceUuid).bind("deviceInfo", deviceInfoJson).bind("now", now)
                .mapTo(Long.class).one();
    }

    public Optional<TokenOwner> findByHash(Handle h, String tokenHash) {
        return h.createQuery("SELECT id, user_id FROM access_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new TokenOwner(rs.getLong("id"), rs.getLong("user_id")))
                .findOne();
    }

    public int deleteByHash(Handle h, String tokenHash) {
        return h.createUpdate("DELETE FROM access_tokens WHERE token_hash = :hash").bind("hash", tokenHash).execute();
    }

    /** Signs the user out of every client. */
    public int deleteAllOfUser(Handle h, long userId) {
        return h.createUpdate("DELETE FROM access_tokens WHERE user_id = :id").bind("id", userId).execute();
    }
}
