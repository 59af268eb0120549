package org.rdhub.groups;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.util.List;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/** The admin REST API on device groups ({@code device-groups.py}). */
public final class DeviceGroupApi {

    /** A group as device-groups.py reads ({@code guid}, {@code name}) and prints it. */
    public record Item(
            String guid,
            String name,
            String note,
            @JsonProperty("allowed_incomings") List<AccessRule> allowedIncomings,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("device_count") long deviceCount) {

        static Item of(DeviceGroupService.View view) {
            Group group = view.group();
            return new Item(group.guid(), group.name(), group.note(), view.incomings(),
                    GroupJson.time(group.createdAt()), group.members());
        }
    }

    /** The body of an add or a change; absent fields are null. */
    public record Body(
            String name,
            String note,
            @JsonProperty("allowed_incomings") List<AccessRule> allowedIncomings) {

        DeviceGroupService.Fields fields() {
            return new DeviceGroupService.Fields(name, note, allowedIncomings);
        }
    }

    private final DeviceGroupService groups;
    private final Web web;

    public DeviceGroupApi(DeviceGroupService groups, Web web) {
        this.groups = groups;
        this.web = web;
    }

    /** {@code GET /api/device-groups?name=&current=&pageSize=} → {@code {"total": n, "data": [...]}}. */
    public void list(Context ctx) {
        ctx.json(groups.list(web.caller(ctx), ctx.queryParam("name"), Web.page(ctx)).map(Item::of));
    }

    /** {@code POST /api/device-groups} {@code {"name", "note"?, "allowed_incomings"?}} → the group. */
    public void create(Context ctx) {
        ctx.json(Item.of(groups.create(web.caller(ctx), Json.read(ctx, Body.class).fields())));
    }

    /** {@code PATCH /api/device-groups/{guid}} with the fields to change. */
    public void update(Context ctx) {
        groups.update(web.caller(ctx), ctx.pathParam("guid"), Json.read(ctx, Body.class).fields());
        ctx.status(200);
    }

    /** {@code DELETE /api/device-groups/{guid}}: its devices become ungrouped. */
    public void delete(Context ctx) {
        groups.delete(web.caller(ctx), ctx.pathParam("guid"));
        ctx.status(200);
    }

    /** {@code POST /api/device-groups/{guid}} with a JSON array of RustDesk ids: moves those devices in. */
    public void addDevices(Context ctx) {
        groups.addDevices(web.caller(ctx), ctx.pathParam("guid"), GroupJson.stringArray(ctx, "device ids"));
        ctx.status(200);
    }

    /** {@code DELETE /api/device-groups/{guid}/devices} with a JSON array of RustDesk ids: takes them out. */
    public void removeDevices(Context ctx) {
        groups.removeDevices(web.caller(ctx), ctx.pathParam("guid"), GroupJson.stringArray(ctx, "device ids"));
        ctx.status(200);
    }
}
