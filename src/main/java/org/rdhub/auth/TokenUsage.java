package org.rdhub.auth;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.rdhub.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when each bearer secret was last used and writes those times in one batch now and then, so
 * authenticating a request never writes to the database.
 */
public final class TokenUsage {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUsage.class);

    /** The kinds of secret, each with the table whose {@code last_used_at} it keeps. */
    public enum Kind {
        ACCESS_TOKEN("access_tokens"),
        API_TOKEN("api_tokens"),
        CONSOLE_SESSION("console_sessions");

        private final String table;

        Kind(String table) {
            this.table = table;
        }
    }

    private final Database database;
    private final Map<Kind, Map<Long, Long>> pending = new EnumMap<>(Kind.class);

    public TokenUsage(Database database) {
        this.database = database;
        for (Kind kind : Kind.values()) {
            pending.put(kind, new ConcurrentHashMap<>());
        }
    }

    public void used(Kind kind, long id, long now) {
        pending.get(kind).merge(id, now, Math::max);
    }

    /** The use recorded since the last flush, or 0; together with the stored time it gives the last use. */
    public long unflushed(Kind kind, long id) {
        return pending.get(kind).getOrDefault(id, 0L);
    }

    /** Writes what has been recorded since the last flush. */
    public void flush() {
        try {
            database.useTransaction(h -> pending.forEach((kind, usage) -> write(h, kind.table, usage)));
        } catch (RuntimeException e) {
            LOG.warn("could not record token last-use times: {}", e.getMessage());
        }
    }

    private static void write(Handle h, String table, Map<Long, Long> usage) {
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
