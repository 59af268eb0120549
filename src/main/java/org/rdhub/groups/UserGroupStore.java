package org.rdhub.groups;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Ids;

/** SQL for user groups. */
public final class UserGroupStore {

    /** The group every user lands in unless told otherwise; created on first start. */
    public static final String DEFAULT_GROUP = "Default";

    public Optional<Long> findIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM user_groups WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    public long insert(Handle h, String name, String note, long now) {
        return h.createQuery("""
                INSERT INTO user_groups (guid, name, note, created_at, updated_at)
                VALUES (:guid, :name, :note, :now, :now) RETURNING id""")
                .bind("guid", Ids.newGuid()).bind("name", name).bind("note", note).bind("now", now)
                .mapTo(Long.class).one();
    }

    /** The id of the Default group, creating the group when it is missing. */
    public long ensureDefault(Handle h, long now) {
        return findIdByName(h, DEFAULT_GROUP).orElseGet(() -> insert(h, DEFAULT_GROUP, "", now));
    }
}
