package org.rdhub.groups;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;

/** SQL for device groups (a device is in at most one). */
public final class DeviceGroupStore {

    private final GroupTable table = new GroupTable("device_groups", "devices", "device_group_id");

    public Optional<Long> findIdByName(Handle h, String name) {
        return table.findIdByName(h, name);
    }

    public Optional<Group> findByGuid(Handle h, String guid) {
        return table.findByGuid(h, guid);
    }

    public Page<Group> list(Handle h, String name, PageRequest page) {
        return table.list(h, name, page);
    }

    /** In the console's order ({@code name}, {@code members} or {@code created}). */
    public Page<Group> list(Handle h, String name, PageRequest page, Sort sort) {
        return table.list(h, name, page, sort);
    }

    public long insert(Handle h, String name, String note, long now) {
        return table.insert(h, Ids.newGuid(), name, note, now);
    }

    /** Empty when the name is taken. */
    public Optional<Long> tryInsert(Handle h, String guid, String name, String note, long now) {
        return table.tryInsert(h, guid, name, note, now);
    }

    public boolean nameTaken(Handle h, String name, long exceptId) {
        return table.nameTaken(h, name, exceptId);
    }

    public void update(Handle h, long id, String name, String note, long now) {
        table.update(h, id, name, note, now);
    }

    /** Deletes the group; its devices become ungrouped (ON DELETE SET NULL) and its grants go with it. */
    public void delete(Handle h, long id) {
        table.delete(h, id);
    }

    /** Row ids of the group's devices. */
    public List<Long> deviceIds(Handle h, long groupId) {
        return h.createQuery("SELECT id FROM devices WHERE device_group_id = :id").bind("id", groupId)
                .mapTo(Long.class).list();
    }
}
