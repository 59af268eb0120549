package org.rdhub.strategies;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Ids;

/** SQL for strategies (the client settings pushed to devices). */
public final class StrategyStore {

    /** The strategy of every device that has no other; created on first start. */
    public static final String DEFAULT_STRATEGY = "Default";

    public Optional<Long> findIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM strategies WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    public long insert(Handle h, String name, long now) {
        return h.createQuery("""
                INSERT INTO strategies (guid, name, created_at, modified_at)
                VALUES (:guid, :name, :now, :now) RETURNING id""")
                .bind("guid", Ids.newGuid()).bind("name", name).bind("now", now)
                .mapTo(Long.class).one();
    }

    public long ensureDefault(Handle h, long now) {
        return findIdByName(h, DEFAULT_STRATEGY).orElseGet(() -> insert(h, DEFAULT_STRATEGY, now));
    }
}
