package org.rdhub.devices;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/** The admin REST API on devices ({@code devices.py}), plus bulk changes and a CSV export. */
public final class DeviceAdminApi {

    /** devices.py cuts at the first '.' and parses the rest as {@code %Y-%m-%dT%H:%M:%S} in UTC. */
    static final DateTimeFormatter LAST_ONLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** One device in a list reply: what devices.py reads ({@code guid}, {@code id}, {@code last_online}) and prints. */
    public record DeviceItem(
            String guid,
            String id,
            @JsonProperty("device_name") String deviceName,
            @JsonProperty("user_name") String userName,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("device_group_name") String deviceGroupName,
            @JsonProperty("device_username") String deviceUsername,
            String os,
            String version,
            String ip,
            String note,
            String alias,
            int status,
            @JsonProperty("is_online") boolean online,
            @JsonProperty("strategy_name") String strategyName,
            @JsonProperty("last_online") String lastOnline,
            @JsonProperty("created_at") String createdAt) {

        static DeviceItem of(DeviceSummary device) {
            return new DeviceItem(device.guid(), device.rustdeskId(), device.hostname(), device.ownerName(),
                    device.ownerGroupName(), device.deviceGroupName(), device.username(), device.os(),
                    device.version(), device.ip(), device.note(), device.alias(), device.enabled() ? 1 : 0,
                    device.online(), device.strategyName(), LAST_ONLINE.format(Instant.ofEpochMilli(
                            device.lastOnlineAt())), CREATED.format(Instant.ofEpochMilli(device.createdAt())));
        }
    }

    /** The body of {@code POST /api/devices/{guid}/assign}. */
    public record AssignBody(String type, String value) {
    }

    private static final List<String> CSV_HEADER = List.of("guid", "id", "device_name", "user_name", "group_name",
            "device_group_name", "device_username", "os", "version", "ip", "note", "alias", "status", "is_online",
            "strategy_name", "last_online", "created_at");

    private final DeviceService devices;
    private final Web web;

    public DeviceAdminApi(DeviceService devices, Web web) {
        this.devices = devices;
        this.web = web;
    }

    /** {@code GET /api/devices?id=&device_name=&user_name=&group_name=&device_group_name=&device_username=}. */
    public void list(Context ctx) {
        ctx.json(devices.list(web.caller(ctx), filter(ctx), Web.page(ctx)).map(DeviceItem::of));
    }

    /** {@code GET /api/devices/export.csv}: the list's filters, every row. */
    public void exportCsv(Context ctx) {
        csv(ctx, devices.export(web.caller(ctx), filter(ctx)));
    }

    /** The devices CSV download, the same for the API and the console. */
    static void csv(Context ctx, List<DeviceSummary> rows) {
        Web.csv(ctx, "devices", csv -> {
            csv.row(CSV_HEADER);
            for (DeviceSummary device : rows) {
                DeviceItem item = DeviceItem.of(device);
                csv.row(item.guid(), item.id(), item.deviceName(), item.userName(), item.groupName(),
                        item.deviceGroupName(), item.deviceUsername(), item.os(), item.version(), item.ip(),
                        item.note(), item.alias(), item.status(), item.online(), item.strategyName(),
                        item.lastOnline(), item.createdAt());
            }
        });
    }

    public void enable(Context ctx) {
        devices.setEnabled(web.caller(ctx), List.of(ctx.pathParam("guid")), true);
        ctx.status(200);
    }

    public void disable(Context ctx) {
        devices.setEnabled(web.caller(ctx), List.of(ctx.pathParam("guid")), false);
        ctx.status(200);
    }

    public void delete(Context ctx) {
        devices.delete(web.caller(ctx), List.of(ctx.pathParam("guid")));
        ctx.status(200);
    }

    public void assign(Context ctx) {
        AssignBody body = Json.read(ctx, AssignBody.class);
        devices.assign(web.caller(ctx), ctx.pathParam("guid"), body.type(), body.value());
        ctx.status(200);
    }

    /** {@code POST /api/devices/bulk/enable} with a JSON array of device guids: all of them or none. */
    public void bulkEnable(Context ctx) {
        devices.setEnabled(web.caller(ctx), guids(ctx), true);
        ctx.status(200);
    }

    public void bulkDisable(Context ctx) {
        devices.setEnabled(web.caller(ctx), guids(ctx), false);
        ctx.status(200);
    }

    public void bulkDelete(Context ctx) {
        devices.delete(web.caller(ctx), guids(ctx));
        ctx.status(200);
    }

    private static DeviceFilter filter(Context ctx) {
        return new DeviceFilter(ctx.queryParam("id"), ctx.queryParam("device_name"), ctx.queryParam("user_name"),
                ctx.queryParam("group_name"), ctx.queryParam("device_group_name"), ctx.queryParam("device_username"));
    }

    private static List<String> guids(Context ctx) {
        JsonNode body = Json.read(ctx, JsonNode.class);
        if (!body.isArray()) {
            throw notGuids();
        }
        List<String> guids = new ArrayList<>();
        for (JsonNode item : body) {
            if (!item.isTextual()) {
                throw notGuids();
            }
            guids.add(item.asText());
        }
        return guids;
    }

    private static ServiceException notGuids() {
        return ServiceException.invalid("The request body must be a JSON array of device guids");
    }
}
