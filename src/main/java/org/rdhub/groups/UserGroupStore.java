package org.rdhub.groups;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;

/** SQL for user groups and which group each user is in (a user is in exactly one). */
public final class UserGroupStore {

    /** The group every user lands in unless told otherwise; created on first start. */
    public static final String DEFAULT_GROUP = "Default";

    /** A user as a group move sees them. */
    public record Member(long id, String guid, String name, long groupId, String groupName) {
    }

    private final GroupTable table = new GroupTable("user_groups", "users", "group_id");

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

    public void delete(Handle h, long id) {
        table.delete(h, id);
    }

    /** The id of the Default group, creating the group when it is missing. */
    public long ensureDefault(Handle h, long now) {
        return findIdByName(h, DEFAULT_GROUP).orElseGet(() -> insert(h, DEFAULT_GROUP, "", now));
    }

    /** The users with these guids (those that exist). */
    public List<Member> usersByGuid(Handle h, List<String> guids) {
        return h.createQuery("""
                SELECT u.id, u.guid, u.name, u.group_id, g.name AS group_name
                FROM users u JOIN user_groups g ON g.id = u.group_id WHERE u.guid IN (<guids>)""")
                .bindList("guids", guids)
                .map((rs, ctx) -> new Member(rs.getLong("id"), rs.getString("guid"), rs.getString("name"),
                        rs.getLong("group_id"), rs.getString("group_name")))
                .list();
    }

    public void moveUser(Handle h, long userId, long groupId, long now) {
        h.createUpdate("UPDATE users SET group_id = :group, updated_at = :now WHERE id = :id")
                .bind("group", groupId).bind("now", now).bind("id", userId).execute();
    }
}
