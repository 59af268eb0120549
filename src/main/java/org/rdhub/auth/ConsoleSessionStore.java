package org.rdhub.auth;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for web-console sessions. The browser holds the secret in a cookie; only its SHA-256 is stored. */
public final class ConsoleSessionStore {

    /** What deciding whether a session is still good needs. */
    public record SessionRow(long id, long userId, long lastUsedAt, long expiresAt) {
    }

    public long insert(Handle h, String tokenHash, long userId, String ip, String userAgent, long now,
            long expiresAt) {
        return h.createQuery("""
                INSERT INTO console_sessions (token_hash, user_id, ip, user_agent, created_at, last_used_at,
                                              expires_at)
                VALUES (:hash, :userId, :ip, :userAgent, :now, :now, :expiresAt) RETURNING id""")
                .bind("hash", tokenHash).bind("userId", userId).bind("ip", ip).bind("userAgent", userAgent)
                .bind("now", now).bind("expiresAt", expiresAt)
                .mapTo(Long.class).one();
    }

    public Optional<SessionRow> findByHash(Handle h, String tokenHash) {
        return h.createQuery("""
                SELECT id, user_id, last_used_at, expires_at FROM console_sessions WHERE token_hash = :hash""")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new SessionRow(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("last_used_at"),
                        rs.getLong("expires_at")))
                .findOne();
    }

    public int deleteByHash(Handle h, String tokenHash) {
        return h.createUpdate("DELETE FROM console_sessions WHERE token_hash = :hash").bind("hash", tokenHash)
                .execute();
    }

    /** Removes sessions past their end; {@code idleBefore} is the last-use time below which a session is idle. */
    public int deleteExpired(Handle h, long now, long idleBefore) {
        return h.createUpdate("DELETE FROM console_sessions WHERE expires_at <= :now OR last_used_at < :idleBefore")
                .bind("now", now).bind("idleBefore", idleBefore).execute();
    }

    public int deleteAllOfUser(Handle h, long userId) {
        return h.createUpdate("DELETE FROM console_sessions WHERE user_id = :id").bind("id", userId).execute();
    }
}
