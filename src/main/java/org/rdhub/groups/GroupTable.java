package org.rdhub.groups;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;
import org.rdhub.db.Filters;

/** The SQL that user groups and device groups share: one table of groups, members pointing at it by a column. */
final class GroupTable {
    /** The console's sort columns and their SQL; the id after them keeps pages stable. */
    private static final Map<String, String> SORTS = Map.of(
            "name", "LOWER(x.name)",
            "members", "members",
            "created", "x.created_at");
    private static final RowMapper<Group> MAPPER = (rs, ctx) -> new Group(rs.getLong("id"), rs.getString("guid"),
            rs.getString("name"), rs.getString("note"), rs.getLong("created_at"), rs.getLong("members"));

    private final String table;
    private final String select;

    /** @param members the table of the members, e.g. {@code users}, and its column that names the group */
    GroupTable(String table, String members, String memberColumn) {
        this.table = table;
        this.select = "SELECT x.id, x.guid, x.name, x.note, x.created_at, (SELECT COUNT(*) FROM " + members
                + " m WHERE m." + memberColumn + " = x.id) AS members FROM " + table + " x";
    }

    Optional<Group> findByGuid(Handle h, String guid) {
        return h.createQuery(select + " WHERE x.guid = :guid").bind("guid", guid).map(MAPPER).findOne();
    }

    Optional<Long> findIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM " + table + " WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    /** Groups whose name matches the LIKE filter (or all), oldest first, a stable order across pages. */
    Page<Group> list(Handle h, String name, PageRequest page) {
        return list(h, name, page, null);
    }

    /**
     * Groups whose name matches the LIKE filter (or all) in the console's order: {@code name} (any case),
     * {@code members} or {@code created}, then the id; a null or unknown sort is oldest first.
     */
    Page<Group> list(Handle h, String name, PageRequest page, Sort sort) {
        String order = "x.created_at, x.id";
        if (sort != null && SORTS.containsKey(sort.column())) {
            String direction = sort.descending() ? " DESC" : "";
            order = SORTS.get(sort.column()) + direction + ", x.id" + direction;
        }
        Filters where = new Filters().like("x.name", name);
        long total = where.bind(h.createQuery("SELECT COUNT(*) FROM " + table + " x" + where.sql()))
                .mapTo(Long.class).one();
        List<Group> rows = where.bind(h.createQuery(select + where.sql()
                        + " ORDER BY " + order + " LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize()).bind("offset", page.offset())
                .map(MAPPER).list();
        return new Page<>(total, rows);
    }

    /** The new group's id; empty when the name (in any case) is taken, so concurrent adds get a 409, not a 500. */
    Optional<Long> tryInsert(Handle h, String guid, String name, String note, long now) {
        return h.createQuery("INSERT INTO " + table + " (guid, name, note, created_at, updated_at)"
                        + " VALUES (:guid, :name, :note, :now, :now) ON CONFLICT DO NOTHING RETURNING id")
                .bind("guid", guid).bind("name", name).bind("note", note).bind("now", now)
                .mapTo(Long.class).findOne();
    }

    long insert(Handle h, String guid, String name, String note, long now) {
        return h.createQuery("INSERT INTO " + table + " (guid, name, note, created_at, updated_at)"
                        + " VALUES (:guid, :name, :note, :now, :now) RETURNING id")
                .bind("guid", guid).bind("name", name).bind("note", note).bind("now", now)
                .mapTo(Long.class).one();
    }

    /** Whether another group has this name, whatever its case. */
    boolean nameTaken(Handle h, String name, long exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE LOWER(name) = LOWER(:name) AND id <> :id")
                .bind("name", name).bind("id", exceptId).mapTo(Long.class).one() > 0;
    }

    void update(Handle h, long id, String name, String note, long now) {
        h.createUpdate("UPDATE " + table + " SET name = :name, note = :note, updated_at = :now WHERE id = :id")
                .bind("name", name).bind("note", note).bind("now", now).bind("id", id).execute();
    }

    void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM " + table + " WHERE id = :id").bind("id", id).execute();
    }
}
