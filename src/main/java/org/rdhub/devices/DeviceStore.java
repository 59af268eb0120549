package org.rdhub.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;
import org.rdhub.db.Filters;

/** SQL for devices. Every method takes the caller's handle, so a service decides what one transaction covers. */
public final class DeviceStore {

    private static final String SELECT = """
            SELECT id, guid, rustdesk_id, uuid, public_key, hostname, os, username, version, cpu, memory, ip, note,
                   alias, username_alias, enabled, owner_user_id, device_group_id, strategy_id, info, created_at,
                   last_online_at, deployed_at, sysinfo_at
            FROM devices""";

    private static final RowMapper<Device> MAPPER = (rs, ctx) -> new Device(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("rustdesk_id"),
            rs.getString("uuid"),
            rs.getString("public_key"),
            rs.getString("hostname"),
            rs.getString("os"),
            rs.getString("username"),
            rs.getString("version"),
            rs.getString("cpu"),
            rs.getString("memory"),
            rs.getString("ip"),
            rs.getString("note"),
            rs.getString("alias"),
            rs.getString("username_alias"),
            rs.getBoolean("enabled"),
            nullableLong(rs, "owner_user_id"),
            nullableLong(rs, "device_group_id"),
            nullableLong(rs, "strategy_id"),
            rs.getString("info"),
            rs.getLong("created_at"),
            nullableLong(rs, "last_online_at"),
            nullableLong(rs, "deployed_at"),
            nullableLong(rs, "sysinfo_at"));

    /**
     * The devices list: the device with the names of its owner, the owner's group, its device group and strategy.
     * Starts with a line break, so it can follow a select list.
     */
    private static final String LISTED_FROM = """

            FROM devices d
            LEFT JOIN users u ON u.id = d.owner_user_id
            LEFT JOIN user_groups ug ON ug.id = u.group_id
            LEFT JOIN device_groups dg ON dg.id = d.device_group_id
            LEFT JOIN strategies s ON s.id = d.strategy_id""";

    /** The OS user as administrators see it: their alias for it when they set one. */
    private static final String SHOWN_USERNAME = "COALESCE(NULLIF(d.username_alias, ''), d.username)";

    private static final String LISTED = """
            SELECT d.guid, d.rustdesk_id, d.hostname, u.name AS owner_name, ug.name AS owner_group_name,
                   dg.name AS device_group_name, %s AS shown_username, d.os, d.version, d.ip, d.note, d.alias,
                   d.enabled, s.name AS strategy_name, COALESCE(d.last_online_at, d.created_at) AS last_online,
                   d.created_at""".formatted(SHOWN_USERNAME) + LISTED_FROM;

    private static final RowMapper<DeviceSummary> SUMMARY = (rs, ctx) -> new DeviceSummary(
            rs.getString("guid"),
            rs.getString("rustdesk_id"),
            rs.getString("hostname"),
            emptyForNull(rs.getString("owner_name")),
            emptyForNull(rs.getString("owner_group_name")),
            emptyForNull(rs.getString("device_group_name")),
            rs.getString("shown_username"),
            rs.getString("os"),
            rs.getString("version"),
            rs.getString("ip"),
            rs.getString("note"),
            rs.getString("alias"),
            rs.getBoolean("enabled"),
            false,
            emptyForNull(rs.getString("strategy_name")),
            rs.getLong("last_online"),
            rs.getLong("created_at"),
            List.of());

    /** What a sysinfo upload reports about a device. */
    public record Sysinfo(String uuid, String hostname, String os, String username, String version, String cpu,
            String memory, String info) {
    }

    /** Where a new device lands, from the presets of its first sysinfo; null leaves a field unassigned. */
    public record Presets(Long ownerUserId, Long strategyId, Long deviceGroupId, String note) {
    }

    /**
     * A device first known from outside the API (imported from hbbs, or registered with the rendezvous server),
     * uuid and public key in the Base64 clients send; it lands unassigned, enabled and never heard from, so its
     * first heartbeat asks for its sysinfo.
     */
    public record Known(String rustdeskId, String uuid, String publicKey, long createdAt, String ip, String note) {
    }

    public Optional<Device> findByRustdeskId(Handle h, String rustdeskId) {
        return h.createQuery(SELECT + " WHERE rustdesk_id = :id").bind("id", rustdeskId).map(MAPPER).findOne();
    }

    public Optional<Device> findByGuid(Handle h, String guid) {
        return h.createQuery(SELECT + " WHERE guid = :guid").bind("guid", guid).map(MAPPER).findOne();
    }

    /**
     * The console's sort columns (public names) and what each sorts by; text is compared in lower case with absent
     * names as empty, so SQLite and PostgreSQL order alike. The row id breaks ties.
     */
    static final Map<String, String> SORT_COLUMNS = Map.ofEntries(
            Map.entry("id", "d.rustdesk_id"),
            Map.entry("name", "LOWER(COALESCE(NULLIF(d.alias, ''), d.hostname))"),
            Map.entry("user", "LOWER(COALESCE(u.name, ''))"),
            Map.entry("group", "LOWER(COALESCE(ug.name, ''))"),
            Map.entry("device_group", "LOWER(COALESCE(dg.name, ''))"),
            Map.entry("os", "LOWER(d.os)"),
            Map.entry("version", "d.version"),
            Map.entry("ip", "d.ip"),
            Map.entry("last_online", "COALESCE(d.last_online_at, d.created_at)"),
            Map.entry("note", "LOWER(d.note)"),
            Map.entry("strategy", "LOWER(COALESCE(s.name, ''))"));

    /** Devices matching the filters, oldest first (a stable order across pages): the API's order. */
    public Page<DeviceSummary> list(Handle h, DeviceFilter filter, PageRequest page) {
        return list(h, filter, Set.of(), page, null);
    }

    /**
     * Devices matching the filters in the asked order, or oldest first when {@code sort} is null; {@code onlineIds}
     * are the devices online now, for the {@code online} filter.
     */
    public Page<DeviceSummary> list(Handle h, DeviceFilter filter, Set<String> onlineIds, PageRequest page,
            Sort sort) {
        Filters where = where(filter, onlineIds);
        long total = where.bind(h.createQuery("SELECT COUNT(*)" + LISTED_FROM + where.sql())).mapTo(Long.class).one();
        List<DeviceSummary> rows = where.bind(h.createQuery(LISTED + where.sql() + orderBy(sort)
                        + " LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize())
                .bind("offset", page.offset())
                .map(SUMMARY).list();
        return new Page<>(total, rows);
    }

    /** Every device matching the filters, in the list's order (for exports). */
    public List<DeviceSummary> all(Handle h, DeviceFilter filter) {
        return all(h, filter, Set.of(), null);
    }

    /** Every device matching the filters, in the asked order (oldest first when {@code sort} is null). */
    public List<DeviceSummary> all(Handle h, DeviceFilter filter, Set<String> onlineIds, Sort sort) {
        Filters where = where(filter, onlineIds);
        return where.bind(h.createQuery(LISTED + where.sql() + orderBy(sort))).map(SUMMARY).list();
    }

    /** One device as the list shows it. */
    public Optional<DeviceSummary> summary(Handle h, String guid) {
        return h.createQuery(LISTED + " WHERE d.guid = :guid").bind("guid", guid).map(SUMMARY).findOne();
    }

    /** The names of one kind of thing a device can be assigned to, in name order, for the console's choices. */
    public List<String> names(Handle h, Assignable kind) {
        return h.createQuery("SELECT name FROM " + kind.table + " ORDER BY LOWER(name), id")
                .mapTo(String.class).list();
    }

    /** What the console offers to choose from, each with its table. */
    public enum Assignable {
        USERS("users"),
        USER_GROUPS("user_groups"),
        DEVICE_GROUPS("device_groups"),
        STRATEGIES("strategies");

        private final String table;

        Assignable(String table) {
            this.table = table;
        }
    }

    private static String orderBy(Sort sort) {
        if (sort == null) {
            return " ORDER BY d.created_at, d.id";
        }
        String column = SORT_COLUMNS.get(sort.column());
        if (column == null) {
            throw new IllegalArgumentException("Devices cannot be sorted by " + sort.column());
        }
        String direction = sort.descending() ? " DESC" : " ASC";
        return " ORDER BY " + column + direction + ", d.id" + direction;
    }

    /** Devices last heard from (or, never heard from, registered) before {@code cutoff}, oldest first. */
    public List<Device> silentSince(Handle h, long cutoff) {
        return h.createQuery(SELECT + " WHERE COALESCE(last_online_at, created_at) < :cutoff ORDER BY created_at, id")
                .bind("cutoff", cutoff).map(MAPPER).list();
    }

    private static Filters where(DeviceFilter filter, Set<String> onlineIds) {
        Filters where = new Filters()
                .like("d.rustdesk_id", filter.id())
                .like("u.name", filter.userName())
                .like("ug.name", filter.groupName())
                .like("dg.name", filter.deviceGroupName())
                .like(SHOWN_USERNAME, filter.deviceUsername())
                .like("d.os", filter.os())
                .like("s.name", filter.strategyName());
        String name = filter.deviceName();
        if ("-".equals(name)) {
            where.like("d.hostname", name).like("d.alias", name);
        } else if (name != null && !name.isEmpty()) {
            // the name the device reports or the one an administrator gave it
            where.where("(LOWER(d.hostname) LIKE LOWER(:deviceName) OR LOWER(d.alias) LIKE LOWER(:deviceName))",
                    Map.of("deviceName", name));
        }
        if (filter.ownerUserId() != null) {
            where.where("d.owner_user_id = :ownerUserId", Map.of("ownerUserId", filter.ownerUserId()));
        }
        if (filter.online() != null) {
            onlineCondition(where, filter.online(), onlineIds);
        }
        return where;
    }

    /** Presence is in memory: the devices online now are named one by one. */
    private static void onlineCondition(Filters where, boolean online, Set<String> onlineIds) {
        if (onlineIds.isEmpty()) {
            if (online) {
                where.where("1 = 0", Map.of());
            }
            return;
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (String id : onlineIds) {
            bindings.put("online" + bindings.size(), id);
        }
        String list = String.join(", ", bindings.keySet().stream().map(name -> ":" + name).toList());
        where.where("d.rustdesk_id " + (online ? "IN" : "NOT IN") + " (" + list + ")", bindings);
    }

    /** The new device's row id; empty when another upload of the same id registered it first. */
    public Optional<Long> insertFromSysinfo(Handle h, String rustdeskId, Sysinfo sysinfo, Presets presets, String ip,
            long now) {
        return h.createQuery("""
                INSERT INTO devices (guid, rustdesk_id, uuid, hostname, os, username, version, cpu, memory, ip, note,
                                     owner_user_id, device_group_id, strategy_id, info, created_at, last_online_at,
                                     sysinfo_at)
                VALUES (:guid, :rustdeskId, :uuid, :hostname, :os, :username, :version, :cpu, :memory, :ip, :note,
                        :owner, :group, :strategy, :info, :now, :now, :now)
                ON CONFLICT (rustdesk_id) DO NOTHING
                RETURNING id""")
                .bind("guid", Ids.newGuid())
                .bind("rustdeskId", rustdeskId)
                .bindMethods(sysinfo)
                .bind("ip", ip)
                .bind("note", presets.note() == null ? "" : presets.note())
                .bind("owner", presets.ownerUserId())
                .bind("group", presets.deviceGroupId())
                .bind("strategy", presets.strategyId())
                .bind("now", now)
                .mapTo(Long.class).findOne();
    }

    public void updateSysinfo(Handle h, long deviceId, Sysinfo sysinfo, String ip, long now) {
        h.createUpdate("""
                UPDATE devices SET uuid = :uuid, hostname = :hostname, os = :os, username = :username,
                                   version = :version, cpu = :cpu, memory = :memory, info = :info, ip = :ip,
                                   last_online_at = :now, sysinfo_at = :now
                WHERE id = :id""")
                .bindMethods(sysinfo)
                .bind("ip", ip)
                .bind("now", now)
                .bind("id", deviceId)
                .execute();
    }

    /**
     * Registers a device for {@code rustdesk --deploy}; its details arrive with its first sysinfo.
     *
     * @return false when another request registered the same id first
     */
    public boolean insertDeployed(Handle h, String rustdeskId, String uuid, String publicKey, long now) {
        return h.createUpdate("""
                INSERT INTO devices (guid, rustdesk_id, uuid, public_key, created_at, deployed_at)
                VALUES (:guid, :rustdeskId, :uuid, :publicKey, :now, :now)
                ON CONFLICT (rustdesk_id) DO NOTHING""")
                .bind("guid", Ids.newGuid())
                .bind("rustdeskId", rustdeskId)
                .bind("uuid", uuid)
                .bind("publicKey", publicKey)
                .bind("now", now)
                .execute() == 1;
    }

    /** @return false when a device with this id exists already; it is left as it is */
    public boolean insertKnown(Handle h, Known device) {
        return h.createUpdate("""
                INSERT INTO devices (guid, rustdesk_id, uuid, public_key, ip, note, created_at)
                VALUES (:guid, :rustdeskId, :uuid, :publicKey, :ip, :note, :createdAt)
                ON CONFLICT (rustdesk_id) DO NOTHING""")
                .bind("guid", Ids.newGuid())
                .bindMethods(device)
                .execute() == 1;
    }

    public void rename(Handle h, long deviceId, String rustdeskId) {
        h.createUpdate("UPDATE devices SET rustdesk_id = :rustdeskId WHERE id = :id")
                .bind("rustdeskId", rustdeskId).bind("id", deviceId).execute();
    }

    public void setKey(Handle h, long deviceId, String uuid, String publicKey) {
        h.createUpdate("UPDATE devices SET uuid = :uuid, public_key = :publicKey WHERE id = :id")
                .bind("uuid", uuid).bind("publicKey", publicKey).bind("id", deviceId).execute();
    }

    public void markDeployed(Handle h, long deviceId, String uuid, String publicKey, long now) {
        h.createUpdate("UPDATE devices SET uuid = :uuid, public_key = :publicKey, deployed_at = :now WHERE id = :id")
                .bind("uuid", uuid).bind("publicKey", publicKey).bind("now", now).bind("id", deviceId)
                .execute();
    }

    public void setEnabled(Handle h, long deviceId, boolean enabled) {
        h.createUpdate("UPDATE devices SET enabled = :enabled WHERE id = :id")
                .bind("enabled", enabled).bind("id", deviceId).execute();
    }

    public void delete(Handle h, long deviceId) {
        h.createUpdate("DELETE FROM devices WHERE id = :id").bind("id", deviceId).execute();
    }

    public void setOwner(Handle h, long deviceId, Long userId) {
        setIdColumn(h, deviceId, "owner_user_id", userId);
    }

    public void setDeviceGroup(Handle h, long deviceId, Long deviceGroupId) {
        setIdColumn(h, deviceId, "device_group_id", deviceGroupId);
    }

    public void setStrategy(Handle h, long deviceId, Long strategyId) {
        setIdColumn(h, deviceId, "strategy_id", strategyId);
    }

    public void setNote(Handle h, long deviceId, String note) {
        setTextColumn(h, deviceId, "note", note);
    }

    public void setAlias(Handle h, long deviceId, String alias) {
        setTextColumn(h, deviceId, "alias", alias);
    }

    public void setUsernameAlias(Handle h, long deviceId, String usernameAlias) {
        setTextColumn(h, deviceId, "username_alias", usernameAlias);
    }

    /** Writes last-online times and addresses heard since the last flush, in one batch. */
    public void recordPresence(Handle h, Map<Long, DevicePresence.Seen> seen) {
        var batch = h.prepareBatch("UPDATE devices SET last_online_at = :at, ip = :ip WHERE id = :id"
                + " AND (last_online_at IS NULL OR last_online_at < :at)");
        seen.forEach((deviceId, heard) -> batch.bind("at", heard.at()).bind("ip", heard.ip()).bind("id", deviceId)
                .add());
        batch.execute();
    }

    private static String emptyForNull(String value) {
        return value == null ? "" : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setIdColumn(Handle h, long deviceId, String column, Long value) {
        h.createUpdate("UPDATE devices SET " + column + " = :value WHERE id = :id")
                .bind("value", value).bind("id", deviceId).execute();
    }

    private static void setTextColumn(Handle h, long deviceId, String column, String value) {
        h.createUpdate("UPDATE devices SET " + column + " = :value WHERE id = :id")
                .bind("value", value).bind("id", deviceId).execute();
    }
}
