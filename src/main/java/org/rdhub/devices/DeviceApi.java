package org.rdhub.devices;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.rdhub.addressbook.BookPlacement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdhub.common.ServiceException;
import org.rdhub.http.ApiErrors;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/**
 * The RustDesk client's device calls: {@code /api/sysinfo} and {@code /api/heartbeat} (no auth: the device names
 * itself by id and uuid), and the provisioning calls {@code /api/devices/cli} and {@code /api/devices/deploy}
 * (API token).
 */
public final class DeviceApi {

    /** The heartbeat body (sync.rs); {@code ver} is sent too but not needed. */
    public record HeartbeatBody(String id, String uuid, List<Integer> conns,
            @JsonProperty("modified_at") Long modifiedAt) {
    }

    /** The {@code rustdesk --assign} body (core_main.rs). */
    public record AssignBody(
            String id,
            String uuid,
            @JsonProperty("user_name") String userName,
            @JsonProperty("strategy_name") String strategyName,
            @JsonProperty("device_group_name") String deviceGroupName,
            String note,
            @JsonProperty("device_username") String deviceUsername,
            @JsonProperty("device_name") String deviceName,
            @JsonProperty("address_book_name") String addressBookName,
            @JsonProperty("address_book_tag") String addressBookTag,
            @JsonProperty("address_book_alias") String addressBookAlias,
            @JsonProperty("address_book_password") String addressBookPassword,
            @JsonProperty("address_book_note") String addressBookNote) {

        /** Where the {@code address_book_*} fields put the device; null when none came along. */
        BookPlacement addressBook() {
            boolean given = addressBookName != null || addressBookTag != null || addressBookAlias != null
                    || addressBookPassword != null || addressBookNote != null;
            return given ? new BookPlacement(addressBookName, addressBookTag, addressBookAlias, addressBookPassword,
                    addressBookNote) : null;
        }
    }

    /** The {@code rustdesk --deploy} body (ui_interface.rs). */
    public record DeployBody(String id, String uuid, String pk) {
    }

    private final DeviceService devices;
    private final Web web;

    public DeviceApi(DeviceService devices, Web web) {
        this.devices = devices;
        this.web = web;
    }

    /** The client compares the reply text exactly, so every answer, refusals included, is bare plain text. */
    public void sysinfo(Context ctx) {
        try {
            ObjectNode body = Json.read(ctx, ObjectNode.class);
            plainText(ctx, 200, devices.sysinfo(body, ctx.ip()).name());
        } catch (ServiceException e) {
            plainText(ctx, ApiErrors.status(e.kind()), e.getMessage());
        }
    }

    public void heartbeat(Context ctx) {
        HeartbeatBody body = Json.read(ctx, HeartbeatBody.class);
        var reply = devices.heartbeat(new DeviceService.Heartbeat(body.id(), body.uuid(), body.conns(),
                body.modifiedAt() == null ? 0 : body.modifiedAt()), ctx.ip());
        Map<String, Object> json = new LinkedHashMap<>();
        if (reply.sysinfoWanted()) {
            json.put("sysinfo", true);
        }
        if (!reply.disconnect().isEmpty()) {
            json.put("disconnect", reply.disconnect());
        }
        if (reply.modifiedAt() != null) {
            json.put("modified_at", reply.modifiedAt());
        }
        if (reply.strategyOptions() != null) {
            Map<String, Object> strategy = new LinkedHashMap<>();
            strategy.put("config_options", reply.strategyOptions());
            strategy.put("extra", Map.of());
            json.put("strategy", strategy);
        }
        ctx.json(json);
    }

    /** The client prints "Done!" for an empty body and any other body as it is. */
    public void assign(Context ctx) {
        AssignBody body = Json.read(ctx, AssignBody.class);
        devices.assign(web.caller(ctx), new DeviceService.Assignment(body.id(), body.uuid(), body.userName(),
                body.strategyName(), body.deviceGroupName(), body.note(), body.deviceUsername(), body.deviceName(),
                body.addressBook()));
        ctx.status(200);
    }

    public void deploy(Context ctx) {
        DeployBody body = Json.read(ctx, DeployBody.class);
        var result = devices.deploy(web.caller(ctx), body.id(), body.uuid(), body.pk());
        ctx.json(Map.of("result", result.name()));
    }

    private static void plainText(Context ctx, int status, String text) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(text);
    }
}
