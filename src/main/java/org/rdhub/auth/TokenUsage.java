package org.rdhub.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rdhub.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when each token was last used and writes those times in one batch now and then, so authenticating a
 * request never writes to the database.
 */
public final class TokenUsage {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUsage.class);

    private final Database database;
    private final Map<Long, Long> accessTokens = new ConcurrentHashMap<>();
    private final Map<Long, Long> apiTokens = new ConcurrentHashMap<>();

    public TokenUsage(Database database) {
        this.database = database;
    }

    public void accessTokenUsed(long tokenId, long now) {
        accessTokens.merge(tokenId, now, Math::max);
    }

    public void apiTokenUsed(long tokenId, long now) {
        apiTokens.merge(tokenId, now, Math::max);
    }

    /** Writes what has been recorded since the last flush. */
    public void flush() {
        try {
            database.useTransaction(h -> {
                write(h, "access_tokens", accessTokens);
                write(h, "api_tokens", apiTokens);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record token last-use times: {}", e.getMessage());
        }
    }

    private static void write(org.jdbi.v3.core.Handle h, String table, Map<Long, Long> usage) {
        if (usage.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("UPDATE " + table + " SET last_used_at = :at WHERE id = :id");
        for (Long id : usage.keySet()) {
            Long at = usage.remove(id);
            if (at != null) {
                batch.bind("at", at).bind("id", id).add();
            }
        }
        batch.execute();
    }
}
