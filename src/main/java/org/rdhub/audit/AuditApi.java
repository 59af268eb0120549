package org.rdhub.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Web;

/**
 * The admin REST API on the audit logs ({@code audits.py}) and their CSV exports. Times go out as epoch seconds
 * (audits.py formats them); the exports write them as ISO UTC.
 */
public final class AuditApi {

    /** {@code created_at} as audits.py sends it: UTC {@code YYYY-MM-DD HH:MM:SS.000}; the fraction is optional. */
    private static final DateTimeFormatter SINCE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * A connection; {@code conn_type} is absent while the controller has not logged in (audits.py prints "Not
     * Logged In").
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionItem(
            String guid,
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("conn_id") int connId,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("conn_type") Integer connType,
            @JsonProperty("peer_id") String peerId,
            @JsonProperty("peer_name") String peerName,
            String ip,
            @JsonProperty("primary_auth") Integer primaryAuth,
            @JsonProperty("two_factor") Integer twoFactor,
            String note,
            @JsonProperty("created_at") long createdAt,
            @JsonProperty("end_time") Long endTime) {

        static ConnectionItem of(ConnectionAudit c) {
            return new ConnectionItem(c.guid(), c.deviceId(), c.connId(), c.sessionId(), c.connType(), c.peerId(),
                    c.peerName(), c.ip(), c.primaryAuth(), c.twoFactor(), c.note(), seconds(c.createdAt()),
                    c.endTime() == null ? null : seconds(c.endTime()));
        }
    }

    /** A file transfer: {@code type} 0 device → controller, 1 controller → device; {@code info} as sent. */
    public record FileItem(
            String guid,
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("peer_id") String peerId,
            @JsonProperty("conn_id") int connId,
            int type,
            String path,
            @JsonProperty("is_file") boolean isFile,
            @JsonRawValue String info,
            @JsonProperty("created_at") long createdAt) {

        static FileItem of(FileAudit f) {
            return new FileItem(f.guid(), f.deviceId(), f.peerId(), f.connId(), f.direction(), f.path(), f.isFile(),
                    f.info(), seconds(f.createdAt()));
        }
    }

    /** An alarm; sign-in lockouts have an empty {@code device_id}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlarmItem(
            String guid,
            @JsonProperty("device_id") String deviceId,
            int typ,
            @JsonProperty("conn_id") int connId,
            @JsonRawValue String info,
            @JsonProperty("conn_audit_ref") String connAuditRef,
            @JsonProperty("created_at") long createdAt) {

        static AlarmItem of(AlarmAudit a) {
            return new AlarmItem(a.guid(), a.deviceId(), a.typ(), a.connId(), a.info(), a.connAuditRef(),
                    seconds(a.createdAt()));
        }
    }

    /**
     * A console record. {@code typ} and {@code iop} are Pro's codes, absent for rdhub's own actions: audits.py then
     * prints no type or operation (rather than "Unknown (None)"), and {@code action} says what happened.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsoleItem(
            String guid,
            String operator,
            String channel,
            String ip,
            String action,
            Integer typ,
            Integer iop,
            String target,
            String details,
            @JsonProperty("created_at") long createdAt) {

        static ConsoleItem of(ConsoleAuditEntry e) {
            return new ConsoleItem(e.guid(), e.operator(), e.channel(), e.ip(), e.action(), e.typ(), e.iop(),
                    e.target(), e.details(), seconds(e.createdAt()));
        }
    }

    private final DeviceAuditService deviceAudits;
    private final ConsoleAuditService consoleAudits;
    private final Web web;

    public AuditApi(DeviceAuditService deviceAudits, ConsoleAuditService consoleAudits, Web web) {
        this.deviceAudits = deviceAudits;
        this.consoleAudits = consoleAudits;
        this.web = web;
    }

    /** {@code GET /api/audits/conn?remote=&conn_type=&created_at=&current=&pageSize=}. */
    public void connections(Context ctx) {
        ctx.json(deviceAudits.listConnections(web.caller(ctx), connectionFilter(ctx), Web.page(ctx))
                .map(ConnectionItem::of));
    }

    /** {@code GET /api/audits/file?remote=&created_at=&current=&pageSize=}. */
    public void files(Context ctx) {
        ctx.json(deviceAudits.listFiles(web.caller(ctx), fileFilter(ctx), Web.page(ctx)).map(FileItem::of));
    }

    /** {@code GET /api/audits/alarm?device=&created_at=&current=&pageSize=}. */
    public void alarms(Context ctx) {
        ctx.json(deviceAudits.listAlarms(web.caller(ctx), alarmFilter(ctx), Web.page(ctx)).map(AlarmItem::of));
    }

    /** {@code GET /api/audits/console?operator=&created_at=&current=&pageSize=}. */
    public void console(Context ctx) {
        ctx.json(consoleAudits.list(web.caller(ctx), consoleFilter(ctx), Web.page(ctx)).map(ConsoleItem::of));
    }

    /** {@code GET /api/audits/conn/export.csv}: every record the same filters match. */
    public void exportConnections(Context ctx) {
        csv(ctx, "connection-audits", deviceAudits.exportConnections(web.caller(ctx), connectionFilter(ctx)),
                List.of("guid", "device_id", "conn_id", "session_id", "conn_type", "peer_id", "peer_name", "ip",
                        "primary_auth", "two_factor", "note", "created_at", "end_time"),
                c -> Arrays.asList(c.guid(), c.deviceId(), c.connId(), c.sessionId(), c.connType(), c.peerId(),
                        c.peerName(), c.ip(), c.primaryAuth(), c.twoFactor(), c.note(),
                        csvTime(c.createdAt()), c.endTime() == null ? "" : csvTime(c.endTime())));
    }

    public void exportFiles(Context ctx) {
        csv(ctx, "file-audits", deviceAudits.exportFiles(web.caller(ctx), fileFilter(ctx)),
                List.of("guid", "device_id", "peer_id", "conn_id", "type", "path", "is_file", "info", "created_at"),
                f -> Arrays.asList(f.guid(), f.deviceId(), f.peerId(), f.connId(), f.direction(), f.path(), f.isFile(),
                        f.info(), csvTime(f.createdAt())));
    }

    public void exportAlarms(Context ctx) {
        csv(ctx, "alarm-audits", deviceAudits.exportAlarms(web.caller(ctx), alarmFilter(ctx)),
                List.of("guid", "device_id", "typ", "conn_id", "info", "conn_audit_ref", "created_at"),
                a -> Arrays.asList(a.guid(), a.deviceId(), a.typ(), a.connId(), a.info(), a.connAuditRef(),
                        csvTime(a.createdAt())));
    }

    public void exportConsole(Context ctx) {
        csv(ctx, "console-audits", consoleAudits.export(web.caller(ctx), consoleFilter(ctx)),
                List.of("guid", "operator", "channel", "ip", "action", "typ", "iop", "target", "details",
                        "created_at"),
                e -> Arrays.asList(e.guid(), e.operator(), e.channel(), e.ip(), e.action(), e.typ(), e.iop(),
                        e.target(), e.details(), csvTime(e.createdAt())));
    }

    private static ConnectionAuditFilter connectionFilter(Context ctx) {
        return new ConnectionAuditFilter(null, ctx.queryParam("remote"), Web.optionalInt(ctx, "conn_type"), null,
                since(ctx), null);
    }

    private static FileAuditFilter fileFilter(Context ctx) {
        return new FileAuditFilter(null, ctx.queryParam("remote"), null, null, since(ctx), null);
    }

    private static AlarmAuditFilter alarmFilter(Context ctx) {
        return new AlarmAuditFilter(ctx.queryParam("device"), null, null, since(ctx), null);
    }

    private static ConsoleAuditFilter consoleFilter(Context ctx) {
        return new ConsoleAuditFilter(ctx.queryParam("operator"), since(ctx));
    }

    /** {@code created_at}: records at or after this UTC time, in epoch millis; null without the parameter. */
    static Long since(Context ctx) {
        String value = ctx.queryParam("created_at");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip(), SINCE).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid("created_at must be a UTC time as YYYY-MM-DD HH:MM:SS, optionally with "
                    + "a fraction (.000)");
        }
    }

    private static <T> void csv(Context ctx, String name, ExportRows<T> rows, List<String> header,
            Function<T, List<?>> cells) {
        Web.csv(ctx, name, csv -> {
            csv.row(header);
            rows.forEach(row -> csv.row(cells.apply(row)));
        });
    }

    private static long seconds(long millis) {
        return Math.floorDiv(millis, 1000);
    }

    private static String csvTime(long millis) {
        return CSV_TIME.format(Instant.ofEpochMilli(millis));
    }
}
