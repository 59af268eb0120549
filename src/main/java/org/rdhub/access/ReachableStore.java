package org.rdhub.access;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Filters;

/** SQL for the lists of a client's "Accessible devices" tab, scoped by {@link AccessPolicy}. */
public final class ReachableStore {

    /** A device as the tab shows it. */
    public record ReachableDevice(String id, String hostname, String os, String username, String note,
            boolean enabled, String ownerGuid, String ownerName, String deviceGroupName) {
    }

    private static final String DEVICES_FROM = """
            FROM devices d
            LEFT JOIN users owner ON owner.id = d.owner_user_id
            LEFT JOIN device_groups dg ON dg.id = d.device_group_id""";

    public Page<ReachableDevice> devices(Handle h, Filters scope, PageRequest page) {
        long total = scope.bind(h.createQuery("SELECT COUNT(*) " + DEVICES_FROM + scope.sql())).mapTo(Long.class).one();
        List<ReachableDevice> rows = scope.bind(h.createQuery("""
                SELECT d.rustdesk_id, d.hostname, d.os, d.username, d.note, d.enabled, owner.guid AS owner_guid,
                       owner.name AS owner_name, dg.name AS device_group_name
                """ + DEVICES_FROM + scope.sql() + " ORDER BY d.created_at, d.id LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize()).bind("offset", page.offset())
                .map((rs, ctx) -> new ReachableDevice(rs.getString("rustdesk_id"), rs.getString("hostname"),
                        rs.getString("os"), rs.getString("username"), rs.getString("note"), rs.getBoolean("enabled"),
                        rs.getString("owner_guid"), rs.getString("owner_name"), rs.getString("device_group_name")))
                .list();
        return new Page<>(total, rows);
    }

    public Page<String> deviceGroupNames(Handle h, Filters scope, PageRequest page) {
        long total = scope.bind(h.createQuery("SELECT COUNT(*) FROM device_groups dg" + scope.sql()))
                .mapTo(Long.class).one();
        List<String> names = scope.bind(h.createQuery("SELECT dg.name FROM device_groups dg" + scope.sql()
                        + " ORDER BY dg.created_at, dg.id LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize()).bind("offset", page.offset())
                .mapTo(String.class).list();
        return new Page<>(total, names);
    }
}
