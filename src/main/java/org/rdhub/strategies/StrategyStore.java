package org.rdhub.strategies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Ids;

/** SQL for strategies (the client settings pushed to devices). */
public final class StrategyStore {

    /** The strategy of every device that has no other; created on first start. */
    public static final String DEFAULT_STRATEGY = "Default";

    private static final String SELECT =
            "SELECT id, guid, name, note, enabled, created_at, modified_at FROM strategies";

    private static final RowMapper<Strategy> MAPPER = (rs, ctx) -> new Strategy(
            rs.getLong("id"), rs.getString("guid"), rs.getString("name"), rs.getString("note"),
            rs.getBoolean("enabled"), rs.getLong("created_at"), rs.getLong("modified_at"));

    /** The tables a strategy is assigned to directly, each through its {@code strategy_id} column. */
    public enum Assignee {
        DEVICE("devices", "rustdesk_id", "device"),
        USER("users", "name", "user"),
        DEVICE_GROUP("device_groups", "name", "device group");

        private final String table;
        private final String nameColumn;
        private final String label;

        Assignee(String table, String nameColumn, String label) {
            this.table = table;
            this.nameColumn = nameColumn;
            this.label = label;
        }

        /** How messages and the console audit call it: "device", "user", "device group". */
        public String label() {
            return label;
        }
    }

    /**
     * A device (named by its RustDesk id), user or device group that a strategy can be assigned to, with the name
     * of the strategy it has directly ("" for none).
     */
    public record Target(Assignee assignee, long id, String name, String strategyName) {
    }

    /** Every strategy, oldest first (Default, made at first start, leads). */
    public List<Strategy> list(Handle h) {
        return h.createQuery(SELECT + " ORDER BY created_at, id").map(MAPPER).list();
    }

    public Optional<Target> findTarget(Handle h, Assignee assignee, String guid) {
        return h.createQuery("SELECT t.id, t." + assignee.nameColumn + " AS name, COALESCE(s.name, '') AS strategy"
                        + " FROM " + assignee.table + " t LEFT JOIN strategies s ON s.id = t.strategy_id"
                        + " WHERE t.guid = :guid")
                .bind("guid", guid)
                .map((rs, ctx) -> new Target(assignee, rs.getLong("id"), rs.getString("name"),
                        rs.getString("strategy")))
                .findOne();
    }

    /** How many devices, users or device groups have this strategy assigned directly. */
    public long countAssigned(Handle h, Assignee assignee, long strategyId) {
        return h.createQuery("SELECT COUNT(*) FROM " + assignee.table + " WHERE strategy_id = :id")
                .bind("id", strategyId).mapTo(Long.class).one();
    }

    public Optional<Long> findIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM strategies WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    public Optional<Strategy> findByGuid(Handle h, String guid) {
        return h.createQuery(SELECT + " WHERE guid = :guid").bind("guid", guid).map(MAPPER).findOne();
    }

    public Optional<Strategy> findById(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map(MAPPER).findOne();
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

    /**
     * The enabled strategy that governs a device: its own, else its owner's, else its device group's, else an
     * enabled Default. A disabled strategy at any step passes the decision to the next.
     */
    public Optional<Strategy> effectiveFor(Handle h, long deviceId) {
        Optional<Long> assigned = h.createQuery("""
                SELECT COALESCE(ds.id, us.id, gs.id)
                FROM devices d
                LEFT JOIN strategies ds ON ds.id = d.strategy_id AND ds.enabled = TRUE
                LEFT JOIN users u ON u.id = d.owner_user_id
                LEFT JOIN strategies us ON us.id = u.strategy_id AND us.enabled = TRUE
                LEFT JOIN device_groups g ON g.id = d.device_group_id
                LEFT JOIN strategies gs ON gs.id = g.strategy_id AND gs.enabled = TRUE
                WHERE d.id = :id""")
                .bind("id", deviceId).mapTo(Long.class).findOne();
        if (assigned.isPresent()) {
            return findById(h, assigned.get());
        }
        return h.createQuery(SELECT + " WHERE LOWER(name) = LOWER(:name) AND enabled = TRUE")
                .bind("name", DEFAULT_STRATEGY).map(MAPPER).findOne();
    }

    /** The client options of a strategy, by key. */
    public Map<String, String> options(Handle h, long strategyId) {
        Map<String, String> options = new LinkedHashMap<>();
        h.createQuery("SELECT option_key, value FROM strategy_options WHERE strategy_id = :id ORDER BY option_key")
                .bind("id", strategyId)
                .map((rs, ctx) -> Map.entry(rs.getString("option_key"), rs.getString("value")))
                .forEach(option -> options.put(option.getKey(), option.getValue()));
        return options;
    }

    public void replaceOptions(Handle h, long strategyId, Map<String, String> options) {
        h.createUpdate("DELETE FROM strategy_options WHERE strategy_id = :id").bind("id", strategyId).execute();
        if (options.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch(
                "INSERT INTO strategy_options (strategy_id, option_key, value) VALUES (:id, :key, :value)");
        options.forEach((key, value) -> batch.bind("id", strategyId).bind("key", key).bind("value", value).add());
        batch.execute();
    }

    public void setEnabled(Handle h, long strategyId, boolean enabled) {
        h.createUpdate("UPDATE strategies SET enabled = :enabled WHERE id = :id")
                .bind("enabled", enabled).bind("id", strategyId).execute();
    }

    public void setModifiedAt(Handle h, long strategyId, long modifiedAt) {
        h.createUpdate("UPDATE strategies SET modified_at = :at WHERE id = :id")
                .bind("at", modifiedAt).bind("id", strategyId).execute();
    }

    /** Gives a device, user or device group this strategy directly; null takes its own strategy away. */
    public void assign(Handle h, Assignee assignee, Long strategyId, long rowId) {
        h.createUpdate("UPDATE " + assignee.table + " SET strategy_id = :strategy WHERE id = :id")
                .bind("strategy", strategyId).bind("id", rowId).execute();
    }
}
