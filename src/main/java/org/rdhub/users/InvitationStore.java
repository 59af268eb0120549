package org.rdhub.users;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for invitations: the hash of each link's secret, whose user it activates, until when. */
public final class InvitationStore {

    /** One invitation as stored. */
    public record Invitation(long id, long userId, long expiresAt) {
    }

    public void insert(Handle h, String tokenHash, long userId, long now, long expiresAt) {
        h.createUpdate("""
                INSERT INTO user_invitations (token_hash, user_id, created_at, expires_at)
                VALUES (:hash, :userId, :now, :expiresAt)""")
                .bind("hash", tokenHash).bind("userId", userId).bind("now", now).bind("expiresAt", expiresAt)
                .execute();
    }

    public Optional<Invitation> findByTokenHash(Handle h, String tokenHash) {
        return h.createQuery("SELECT id, user_id, expires_at FROM user_invitations WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new Invitation(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("expires_at")))
                .findOne();
    }

    /** Removes the invitation; true when this call removed it (so two submits cannot both use it). */
    public boolean delete(Handle h, long id) {
        return h.createUpdate("DELETE FROM user_invitations WHERE id = :id").bind("id", id).execute() == 1;
    }
}
