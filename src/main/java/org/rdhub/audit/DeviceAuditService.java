package org.rdhub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.DeviceAuditStore.Authorization;
import org.rdhub.audit.DeviceAuditStore.NewAlarmAudit;
import org.rdhub.audit.DeviceAuditStore.NewFileAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;

/**
 * The audits RustDesk clients post: connections (opened, authorized, closed, noted), file transfers and alarms.
 * Records from a device are accepted only from a device that has registered (same id and uuid), so nobody can
 * fill the audit with records of devices that do not exist. A post with a nonce seen in the last five minutes is
 * acknowledged and not stored again.
 */
public final class DeviceAuditService {
    public static final int MAX_NOTE_LENGTH = 256;
    private static final int MAX_TEXT = 255;
    private static final int MAX_IP = 64;
    private static final int MAX_NONCE = 128;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Database database;
    private final DeviceAuditStore store;
    private final Permissions permissions;
    private final AuditNonces nonces;
    private final Clock clock;

    public DeviceAuditService(Database database, DeviceAuditStore store, Permissions permissions, Clock clock) {
        this.database = database;
        this.store = store;
        this.permissions = permissions;
        this.nonces = new AuditNonces(clock, AuditNonces.DEFAULT_CAPACITY);
        this.clock = clock;
    }

    /** The device that posts a record about itself, and the nonce of the post (null when the client sent none). */
    public record Poster(String deviceId, String uuid, String nonce) {
    }

    /** A connection reached the device, before any login: starts its record. */
    public void connectionOpened(Poster poster, int connId, SessionId sessionId, String ip, String connAuditRef) {
        checkLength("ip", ip, MAX_IP);
        checkLength("conn_audit_ref", connAuditRef, MAX_TEXT);
        storeOnce("conn", poster, h -> store.insertConnection(h, Ids.newGuid(), poster.deviceId(), connId,
                sessionId.toString(), ip, connAuditRef, clock.millis()));
    }

    /**
     * The controller logged in. Completes the open record of this connection; when that record is missing (its
     * "new" post was lost, or the server restarted in between) the connection still gets one.
     */
    public void connectionAuthorized(Poster poster, int connId, SessionId sessionId, String peerId, String peerName,
            int connType, Integer primaryAuth, Integer twoFactor) {
        checkConnType("type", connType);
        checkLength("peer[0]", peerId, MAX_TEXT);
        // The display name is only shown; cut a very long one rather than lose the record.
        var authorization = new Authorization(sessionId.toString(), connType, peerId, truncate(peerName, MAX_TEXT),
                primaryAuth, twoFactor);
        storeOnce("conn", poster, h -> {
            long now = clock.millis();
            long id = store.findOpenConnection(h, poster.deviceId(), connId).orElseGet(() -> store.insertConnection(
                    h, Ids.newGuid(), poster.deviceId(), connId, sessionId.toString(), "", null, now));
            store.authorize(h, id, authorization, now);
        });
    }

    /** The connection ended. A close with no open record has nothing to end and is acknowledged as it is. */
    public void connectionClosed(Poster poster, int connId) {
        storeOnce("conn", poster, h -> store.findOpenConnection(h, poster.deviceId(), connId)
                .ifPresent(id -> store.end(h, id, clock.millis())));
    }

    /**
     * The controller's note during a session. The client sends it without any credential; the random 64-bit
     * session id it names is what ties it to the connection.
     */
    public void noteFromController(String deviceId, SessionId sessionId, String note) {
        checkNote(note);
        if (sessionId.equals(SessionId.NONE)) {
            throw ServiceException.invalid("session_id must not be 0");
        }
        boolean found = database.inTransaction(h -> store.setNoteBySession(h, deviceId, sessionId.toString(), note));
        if (!found) {
            throw ServiceException.notFound("No such connection");
        }
    }

    /** Files went between the device and a controller. */
    public void fileTransferred(Poster poster, String peerId, int connId, int direction, String path, boolean isFile,
            String info) {
        if (direction != FileAudit.DEVICE_TO_CONTROLLER && direction != FileAudit.CONTROLLER_TO_DEVICE) {
            throw ServiceException.invalid("type must be 0 or 1");
        }
        checkLength("peer_id", peerId, MAX_TEXT);
        checkJsonObject(info);
        var file = new NewFileAudit(poster.deviceId(), peerId, connId, direction, path, isFile, info);
        storeOnce("file", poster, h -> store.insertFile(h, Ids.newGuid(), file, clock.millis()));
    }

    /** The device raised an alarm. */
    public void alarmRaised(Poster poster, int typ, int connId, String info, String connAuditRef) {
        checkJsonObject(info);
        checkLength("conn_audit_ref", connAuditRef, MAX_TEXT);
        var alarm = new NewAlarmAudit(poster.deviceId(), typ, connId, info, connAuditRef);
        storeOnce("alarm", poster, h -> store.insertAlarm(h, Ids.newGuid(), alarm, clock.millis()));
    }

    /**
     * The guid of the open connection to the device in the controller's session, or "" while the device has not
     * reported it yet. The signed-in user asking is that session's controller, and is recorded as such.
     */
    public String activeConnection(Caller caller, String deviceId, String sessionIdText, String connTypeText) {
        Caller.User user = signedInUser(caller);
        if (deviceId == null || deviceId.isEmpty()) {
            throw ServiceException.invalid("id is required");
        }
        SessionId sessionId = SessionId.parse(sessionIdText, "session_id");
        Integer connType = connTypeText == null || connTypeText.isEmpty() ? null : connType(connTypeText);
        return database.inTransaction(h -> store.findActive(h, deviceId, sessionId.toString(), connType)
                .map(connection -> {
                    store.setControllerIfUnset(h, connection.id(), user.userId());
                    return connection.guid();
                })
                .orElse(""));
    }

    /** The note a signed-in controller writes at the end of a session, on the record {@link #activeConnection} named. */
    public void setNote(Caller caller, String guid, String note) {
        signedInUser(caller);
        checkNote(note);
        if (!database.inTransaction(h -> store.setNoteByGuid(h, guid, note))) {
            throw ServiceException.notFound("No such connection");
        }
    }

    public Page<ConnectionAudit> listConnections(Caller caller, ConnectionAuditFilter filter, PageRequest page) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return database.withHandle(h -> store.listConnections(h, filter, page));
    }

    public Page<FileAudit> listFiles(Caller caller, FileAuditFilter filter, PageRequest page) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return database.withHandle(h -> store.listFiles(h, filter, page));
    }

    public Page<AlarmAudit> listAlarms(Caller caller, AlarmAuditFilter filter, PageRequest page) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return database.withHandle(h -> store.listAlarms(h, filter, page));
    }

    /** Every matching connection record, newest first, for the CSV export. */
    public ExportRows<ConnectionAudit> exportConnections(Caller caller, ConnectionAuditFilter filter) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return row -> AuditRows.forEach(cursor -> database.withHandle(h -> store.connectionBatch(h, filter, cursor)),
                record -> new AuditRows.Cursor(record.createdAt(), record.id()), row);
    }

    public ExportRows<FileAudit> exportFiles(Caller caller, FileAuditFilter filter) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return row -> AuditRows.forEach(cursor -> database.withHandle(h -> store.fileBatch(h, filter, cursor)),
                record -> new AuditRows.Cursor(record.createdAt(), record.id()), row);
    }

    public ExportRows<AlarmAudit> exportAlarms(Caller caller, AlarmAuditFilter filter) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return row -> AuditRows.forEach(cursor -> database.withHandle(h -> store.alarmBatch(h, filter, cursor)),
                record -> new AuditRows.Cursor(record.createdAt(), record.id()), row);
    }

    /**
     * Checks the poster and writes in one transaction, unless the nonce says this post was stored already. The nonce
     * is given back when the write fails, so the client's retry can store the record.
     */
    private void storeOnce(String kind, Poster poster, Consumer<Handle> write) {
        checkLength("nonce", poster.nonce(), MAX_NONCE);
        String key = poster.nonce() == null ? null : kind + '\n' + poster.deviceId() + '\n' + poster.nonce();
        if (key != null && !nonces.claim(key)) {
            return;
        }
        try {
            database.useTransaction(h -> {
                if (!store.deviceExists(h, poster.deviceId(), poster.uuid())) {
                    throw ServiceException.notFound("Unknown device");
                }
                write.accept(h);
            });
        } catch (RuntimeException e) {
            if (key != null) {
                nonces.release(key);
            }
            throw e;
        }
    }

    private static Caller.User signedInUser(Caller caller) {
        return switch (caller) {
            case Caller.User user -> user;
            case Caller.Anonymous ignored -> throw ServiceException.notAuthenticated("Invalid token");
            case Caller.ApiToken ignored -> throw ServiceException.forbidden("Only a signed-in user may do this");
            case Caller.CommandLine ignored -> throw ServiceException.forbidden("Only a signed-in user may do this");
        };
    }

    private static void checkConnType(String field, int connType) {
        if (connType < 0 || connType > 4) {
            throw ServiceException.invalid(field + " must be between 0 and 4");
        }
    }

    private static int connType(String text) {
        int connType;
        try {
            connType = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("conn_type must be between 0 and 4");
        }
        checkConnType("conn_type", connType);
        return connType;
    }

    private static void checkNote(String note) {
        if (note.codePointCount(0, note.length()) > MAX_NOTE_LENGTH) {
            throw ServiceException.invalid("note must be at most " + MAX_NOTE_LENGTH + " characters");
        }
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw ServiceException.invalid(field + " must be at most " + max + " characters");
        }
    }

    private static void checkJsonObject(String info) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(info);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw ServiceException.invalid("info must be a JSON object encoded as a string");
        }
    }

    private static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }
}
