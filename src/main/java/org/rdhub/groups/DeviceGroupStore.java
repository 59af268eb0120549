package org.rdhub.groups;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Ids;

/** SQL for device groups. */
public final class DeviceGroupStore {

    public Optional<Long> findIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM device_groups WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    public long insert(Handle h, String name, String note, long now) {
        return h.createQuery("""
                INSERT INTO device_groups (guid, name, note, created_at, updated_at)
                VALUES (:guid, :name, :note, :now, :now) RETURNING id""")
                .bind("guid", Ids.newGuid()).bind("name", name).bind("note", note).bind("now", now)
                .mapTo(Long.class).one();
    }
}
