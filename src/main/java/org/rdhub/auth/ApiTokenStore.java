package org.rdhub.auth;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;

/** SQL for API tokens and their per-resource permissions. Only the SHA-256 of a token is stored. */
public final class ApiTokenStore {

    public long insert(Handle h, String guid, String name, String tokenHash, Long createdByUserId, Long expiresAt,
            Map<Resource, Level> permissions, long now) {
        long id = h.createQuery("""
                INSERT INTO api_tokens (guid, name, token_hash, created_by_user_id, created_at, expires_at)
                VALUES (:guid, :name, :hash, :createdBy, :now, :expiresAt) RETURNING id""")
                .bind("guid", guid).bind("name", name).bind("hash", tokenHash).bind("createdBy", createdByUserId)
                .bind("now", now).bind("expiresAt", expiresAt)
                .mapTo(Long.class).one();
        var batch = h.prepareBatch(
                "INSERT INTO api_token_permissions (api_token_id, resource, level) VALUES (:id, :resource, :level)");
        permissions.forEach((resource, level) -> {
            if (level != Level.NONE) {
                batch.bind("id", id).bind("resource", resource.key()).bind("level", level.key()).add();
            }
        });
        if (batch.size() > 0) {
            batch.execute();
        }
        return id;
    }

    public Optional<ApiToken> findByHash(Handle h, String tokenHash) {
        return h.createQuery("SELECT id, guid, name, expires_at FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> {
                    long expires = rs.getLong("expires_at");
                    Long expiresAt = rs.wasNull() ? null : expires;
                    return new ApiToken(rs.getLong("id"), rs.getString("guid"), rs.getString("name"), Map.of(),
                            expiresAt);
                })
                .findOne()
                .map(token -> new ApiToken(token.id(), token.guid(), token.name(), permissions(h, token.id()),
                        token.expiresAt()));
    }

    private Map<Resource, Level> permissions(Handle h, long tokenId) {
        Map<Resource, Level> permissions = new EnumMap<>(Resource.class);
        h.createQuery("SELECT resource, level FROM api_token_permissions WHERE api_token_id = :id")
                .bind("id", tokenId)
                .map((rs, ctx) -> Map.entry(rs.getString("resource"), rs.getString("level")))
                .forEach(row -> Resource.fromKey(row.getKey()).ifPresent(resource ->
                        permissions.put(resource, Level.fromKey(row.getValue()).orElse(Level.NONE))));
        return permissions;
    }
}
