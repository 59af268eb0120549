package org.rdhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.rdhub.audit.DeviceAuditService.Poster;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/**
 * The audit calls of RustDesk clients. Posts are answered 200 with an empty body: newer clients retry on any
 * non-empty 2xx body, and a 4xx makes them drop the record (which is right for input that will never be valid).
 */
public final class DeviceAuditApi {
    private final DeviceAuditService audits;
    private final Web web;

    public DeviceAuditApi(DeviceAuditService audits, Web web) {
        this.audits = audits;
        this.web = web;
    }

    /**
     * {@code POST /api/audit/conn}: the controlled device's connection stages ({@code action} "new", none with
     * {@code peer} when authorized, "close"), or the controller's {@code note} for its session.
     */
    public void connection(Context ctx) {
        PostedFields body = new PostedFields(Json.read(ctx, JsonNode.class));
        String action = body.optionalText("action");
        if (action == null && body.has("note") && !body.has("uuid")) {
            audits.noteFromController(body.text("id"), body.sessionId("session_id"), body.text("note"));
            stored(ctx);
            return;
        }
        Poster poster = poster(body);
        int connId = body.integer("conn_id");
        SessionId sessionId = body.sessionId("session_id");
        if (action == null) {
            String[] peer = body.texts("peer", 2);
            audits.connectionAuthorized(poster, connId, sessionId, peer[0], peer[1], body.integer("type"),
                    body.optionalInteger("primary_auth"), body.optionalInteger("two_factor"));
        } else if (action.equals("new")) {
            audits.connectionOpened(poster, connId, sessionId, body.text("ip"), body.optionalText("conn_audit_ref"));
        } else if (action.equals("close")) {
            audits.connectionClosed(poster, connId);
        } else {
            throw ServiceException.invalid("Unknown action '" + action + "'");
        }
        stored(ctx);
    }

    /** {@code POST /api/audit/file}: files sent to or from the device. */
    public void file(Context ctx) {
        PostedFields body = new PostedFields(Json.read(ctx, JsonNode.class));
        audits.fileTransferred(poster(body), body.text("peer_id"), connId(body), body.integer("type"),
                body.text("path"), body.bool("is_file"), body.text("info"));
        stored(ctx);
    }

    /** {@code POST /api/audit/alarm}: an alarm the device raised. */
    public void alarm(Context ctx) {
        PostedFields body = new PostedFields(Json.read(ctx, JsonNode.class));
        audits.alarmRaised(poster(body), body.integer("typ"), connId(body), body.text("info"),
                body.optionalText("conn_audit_ref"));
        stored(ctx);
    }

    /**
     * {@code GET /api/audit/conn/active?id=&session_id=&conn_type=}: the guid of the open record as a JSON string,
     * {@code ""} while there is none (the client then asks again).
     */
    public void active(Context ctx) {
        String guid = audits.activeConnection(web.caller(ctx), ctx.queryParam("id"), ctx.queryParam("session_id"),
                ctx.queryParam("conn_type"));
        ctx.contentType("application/json").result(Json.write(guid));
    }

    /** {@code PUT /api/audit} {@code {"guid", "note"}}: the end-of-session note. */
    public void note(Context ctx) {
        var caller = web.caller(ctx);
        PostedFields body = new PostedFields(Json.read(ctx, JsonNode.class));
        audits.setNote(caller, body.text("guid"), body.text("note"));
        stored(ctx);
    }

    private static Poster poster(PostedFields body) {
        return new Poster(body.text("id"), body.text("uuid"), body.optionalText("nonce"));
    }

    // File and alarm posts carry conn_id only from client 1.4.9 on.
    private static int connId(PostedFields body) {
        Integer connId = body.optionalInteger("conn_id");
        return connId == null ? 0 : connId;
    }

    private static void stored(Context ctx) {
        ctx.status(200).result("");
    }
}
