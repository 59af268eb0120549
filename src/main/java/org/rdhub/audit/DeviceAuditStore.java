package org.rdhub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Filters;

/** SQL for connection, file and alarm audits. Every method takes the caller's handle. */
public final class DeviceAuditStore {

    private static final String CONNECTION_COLUMNS = """
            id, guid, device_id, conn_id, session_id, conn_type, peer_id, peer_name, ip, primary_auth, two_factor,
            note, conn_audit_ref, controller_user_id, created_at, authorized_at, end_time""";
    private static final String FILE_COLUMNS =
            "id, guid, device_id, peer_id, conn_id, direction, path, is_file, info, created_at";
    private static final String ALARM_COLUMNS = "id, guid, device_id, typ, conn_id, info, conn_audit_ref, created_at";

    private static final RowMapper<ConnectionAudit> CONNECTION = (rs, ctx) -> new ConnectionAudit(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("device_id"),
            rs.getInt("conn_id"),
            rs.getString("session_id"),
            nullableInt(rs, "conn_type"),
            rs.getString("peer_id"),
            rs.getString("peer_name"),
            rs.getString("ip"),
            nullableInt(rs, "primary_auth"),
            nullableInt(rs, "two_factor"),
            rs.getString("note"),
            rs.getString("conn_audit_ref"),
            nullableLong(rs, "controller_user_id"),
            rs.getLong("created_at"),
            nullableLong(rs, "authorized_at"),
            nullableLong(rs, "end_time"));

    private static final RowMapper<FileAudit> FILE = (rs, ctx) -> new FileAudit(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("device_id"),
            rs.getString("peer_id"),
            rs.getInt("conn_id"),
            rs.getInt("direction"),
            rs.getString("path"),
            rs.getBoolean("is_file"),
            rs.getString("info"),
            rs.getLong("created_at"));

    private static final RowMapper<AlarmAudit> ALARM = (rs, ctx) -> new AlarmAudit(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("device_id"),
            rs.getInt("typ"),
            rs.getInt("conn_id"),
            rs.getString("info"),
            rs.getString("conn_audit_ref"),
            rs.getLong("created_at"));

    // Records of a user's devices: the owner sees what happened on them.
    private static final String OWNED_DEVICE = "device_id IN (SELECT rustdesk_id FROM devices WHERE owner_user_id = :userId)";

    /** Whether a device with this RustDesk id and uuid has registered. */
    public boolean deviceExists(Handle h, String rustdeskId, String uuid) {
        return h.createQuery("SELECT COUNT(*) FROM devices WHERE rustdesk_id = :id AND uuid = :uuid")
                .bind("id", rustdeskId).bind("uuid", uuid)
                .mapTo(Long.class).one() > 0;
    }

    /** Adds an open connection and returns its row id. */
    public long insertConnection(Handle h, String guid, String deviceId, int connId, String sessionId, String ip,
            String connAuditRef, long now) {
        return h.createQuery("""
                INSERT INTO connection_audits (guid, device_id, conn_id, session_id, ip, conn_audit_ref, created_at)
                VALUES (:guid, :deviceId, :connId, :sessionId, :ip, :ref, :now)
                RETURNING id""")
                .bind("guid", guid)
                .bind("deviceId", deviceId)
                .bind("connId", connId)
                .bind("sessionId", sessionId)
                .bind("ip", ip)
                .bind("ref", connAuditRef)
                .bind("now", now)
                .mapTo(Long.class).one();
    }

    /** The row id of the newest connection of this device and counter that has not ended. */
    public Optional<Long> findOpenConnection(Handle h, String deviceId, int connId) {
        return h.createQuery("""
                SELECT id FROM connection_audits
                WHERE device_id = :deviceId AND conn_id = :connId AND end_time IS NULL
                ORDER BY created_at DESC, id DESC LIMIT 1""")
                .bind("deviceId", deviceId).bind("connId", connId)
                .mapTo(Long.class).findOne();
    }

    public void authorize(Handle h, long id, Authorization authorization, long now) {
        h.createUpdate("""
                UPDATE connection_audits
                SET session_id = :sessionId, conn_type = :connType, peer_id = :peerId, peer_name = :peerName,
                    primary_auth = :primaryAuth, two_factor = :twoFactor, authorized_at = :now
                WHERE id = :id""")
                .bind("sessionId", authorization.sessionId())
                .bind("connType", authorization.connType())
                .bind("peerId", authorization.peerId())
                .bind("peerName", authorization.peerName())
                .bind("primaryAuth", authorization.primaryAuth())
                .bind("twoFactor", authorization.twoFactor())
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    public void end(Handle h, long id, long now) {
        h.createUpdate("UPDATE connection_audits SET end_time = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute();
    }

    /** Sets the note of the newest connection of this device in this session; false when there is none. */
    public boolean setNoteBySession(Handle h, String deviceId, String sessionId, String note) {
        return h.createUpdate("""
                UPDATE connection_audits SET note = :note
                WHERE id = (SELECT id FROM connection_audits
                            WHERE device_id = :deviceId AND session_id = :sessionId
                            ORDER BY created_at DESC, id DESC LIMIT 1)""")
                .bind("note", note).bind("deviceId", deviceId).bind("sessionId", sessionId)
                .execute() > 0;
    }

    public boolean setNoteByGuid(Handle h, String guid, String note) {
        return h.createUpdate("UPDATE connection_audits SET note = :note WHERE guid = :guid")
                .bind("note", note).bind("guid", guid)
                .execute() > 0;
    }

    /** The newest connection of this device in this session that has not ended (of this type, when given). */
    public Optional<ConnectionAudit> findActive(Handle h, String deviceId, String sessionId, Integer connType) {
        Filters where = new Filters().where("device_id = :deviceId AND session_id = :sessionId AND end_time IS NULL",
                Map.of("deviceId", deviceId, "sessionId", sessionId));
        equal(where, "conn_type", "connType", connType);
        return where.bind(h.createQuery("SELECT " + CONNECTION_COLUMNS + " FROM connection_audits" + where.sql()
                        + " ORDER BY created_at DESC, id DESC LIMIT 1"))
                .map(CONNECTION).findOne();
    }

    /** Records the controller of a connection unless one is already recorded. */
    public void setControllerIfUnset(Handle h, long id, long userId) {
        h.createUpdate("""
                UPDATE connection_audits SET controller_user_id = :userId
                WHERE id = :id AND controller_user_id IS NULL""")
                .bind("userId", userId).bind("id", id).execute();
    }

    public void insertFile(Handle h, String guid, NewFileAudit file, long now) {
        h.createUpdate("""
                INSERT INTO file_audits (guid, device_id, peer_id, conn_id, direction, path, is_file, info, created_at)
                VALUES (:guid, :deviceId, :peerId, :connId, :direction, :path, :isFile, :info, :now)""")
                .bind("guid", guid)
                .bind("deviceId", file.deviceId())
                .bind("peerId", file.peerId())
                .bind("connId", file.connId())
                .bind("direction", file.direction())
                .bind("path", file.path())
                .bind("isFile", file.isFile())
                .bind("info", file.info())
                .bind("now", now)
                .execute();
    }

    public void insertAlarm(Handle h, String guid, NewAlarmAudit alarm, long now) {
        h.createUpdate("""
                INSERT INTO alarm_audits (guid, device_id, typ, conn_id, info, conn_audit_ref, created_at)
                VALUES (:guid, :deviceId, :typ, :connId, :info, :ref, :now)""")
                .bind("guid", guid)
                .bind("deviceId", alarm.deviceId())
                .bind("typ", alarm.typ())
                .bind("connId", alarm.connId())
                .bind("info", alarm.info())
                .bind("ref", alarm.connAuditRef())
                .bind("now", now)
                .execute();
    }

    /** Connection records matching the filter, newest first. */
    public Page<ConnectionAudit> listConnections(Handle h, ConnectionAuditFilter filter, PageRequest page) {
        return AuditRows.page(h, "connection_audits", CONNECTION_COLUMNS, where(filter), page, CONNECTION);
    }

    /** The next export batch of connection records after {@code cursor}. */
    List<ConnectionAudit> connectionBatch(Handle h, ConnectionAuditFilter filter, AuditRows.Cursor cursor) {
        return AuditRows.batch(h, "connection_audits", CONNECTION_COLUMNS, where(filter), cursor, CONNECTION);
    }

    /** File records matching the filter, newest first. */
    public Page<FileAudit> listFiles(Handle h, FileAuditFilter filter, PageRequest page) {
        return AuditRows.page(h, "file_audits", FILE_COLUMNS, where(filter), page, FILE);
    }

    List<FileAudit> fileBatch(Handle h, FileAuditFilter filter, AuditRows.Cursor cursor) {
        return AuditRows.batch(h, "file_audits", FILE_COLUMNS, where(filter), cursor, FILE);
    }

    /** Alarm records matching the filter, newest first. */
    public Page<AlarmAudit> listAlarms(Handle h, AlarmAuditFilter filter, PageRequest page) {
        return AuditRows.page(h, "alarm_audits", ALARM_COLUMNS, where(filter), page, ALARM);
    }

    List<AlarmAudit> alarmBatch(Handle h, AlarmAuditFilter filter, AuditRows.Cursor cursor) {
        return AuditRows.batch(h, "alarm_audits", ALARM_COLUMNS, where(filter), cursor, ALARM);
    }

    private static Filters where(ConnectionAuditFilter filter) {
        Filters where = new Filters()
                .like("device_id", filter.device())
                .like("peer_id", filter.peer());
        equal(where, "conn_type", "connType", filter.connType());
        if (filter.userId() != null) {
            where.where("(controller_user_id = :userId OR " + OWNED_DEVICE + ")", Map.of("userId", filter.userId()));
        }
        createdBetween(where, filter.createdFrom(), filter.createdTo());
        return where;
    }

    private static Filters where(FileAuditFilter filter) {
        Filters where = new Filters()
                .like("device_id", filter.device())
                .like("peer_id", filter.peer());
        equal(where, "direction", "direction", filter.direction());
        ownedBy(where, filter.userId());
        createdBetween(where, filter.createdFrom(), filter.createdTo());
        return where;
    }

    private static Filters where(AlarmAuditFilter filter) {
        Filters where = new Filters().like("device_id", filter.device());
        equal(where, "typ", "typ", filter.typ());
        ownedBy(where, filter.userId());
        createdBetween(where, filter.createdFrom(), filter.createdTo());
        return where;
    }

    // sqlite-jdbc cannot read a column as a boxed type, so nulls are read the JDBC way on both databases
    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void equal(Filters where, String column, String name, Integer value) {
        if (value != null) {
            where.where(column + " = :" + name, Map.of(name, value));
        }
    }

    private static void ownedBy(Filters where, Long userId) {
        if (userId != null) {
            where.where(OWNED_DEVICE, Map.of("userId", userId));
        }
    }

    private static void createdBetween(Filters where, Long from, Long to) {
        if (from != null) {
            where.where("created_at >= :createdFrom", Map.of("createdFrom", from));
        }
        if (to != null) {
            where.where("created_at < :createdTo", Map.of("createdTo", to));
        }
    }

    /** What the authorized stage sets on a connection. */
    public record Authorization(String sessionId, int connType, String peerId, String peerName, Integer primaryAuth,
            Integer twoFactor) {
    }

    /** What a new file record holds; the service checks it. */
    public record NewFileAudit(String deviceId, String peerId, int connId, int direction, String path, boolean isFile,
            String info) {
    }

    /** What a new alarm record holds; the service checks it. */
    public record NewAlarmAudit(String deviceId, int typ, int connId, String info, String connAuditRef) {
    }
}
