package org.rdhub.groups;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdhub.access.Caller;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.console.ConsoleWeb;
import org.rdhub.console.ListQuery;
import org.rdhub.devices.DeviceFilter;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.DeviceSummary;

/**
 * A device group's devices ({@code /device-groups/{guid}/devices}): the devices in it, which can be taken out, and a
 * device picker (search by ID or name, {@code %} as wildcard) to add more. Adding moves a device out of the group it
 * was in, as {@link DeviceGroupService#addDevices} does for the API. The group's name, note and access rules are
 * edited on the form the two kinds of group share ({@link GroupPages}).
 */
public final class DeviceGroupPages {
    private static final List<String> SORTS = List.of("id");
    private static final Set<String> FILTERS = Set.of("find_id", "find_name");
    private static final Set<String> NOTICES = Set.of("added", "removed");
    /** How many devices the picker shows at once; a narrower search finds the others. */
    static final int PICKER_SIZE = 20;

    /** The page's model: the group, its devices (one page of them) and what the picker found. */
    public record Model(Group group, ListQuery query, List<DeviceSummary> members, long total,
            List<DeviceSummary> found, long foundTotal, String notice) {

        public boolean searched() {
            return query.filter("find_id") != null || query.filter("find_name") != null;
        }
    }

    private final DeviceGroupService groups;
    private final DeviceService devices;
    private final ConsoleWeb web;

    public DeviceGroupPages(DeviceGroupService groups, DeviceService devices, ConsoleWeb web) {
        this.groups = groups;
        this.devices = devices;
        this.web = web;
    }

    /** {@code GET /device-groups/{guid}/devices}. */
    public void show(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Group group = groups.get(signed.caller(), ctx.pathParam("guid")).group();
        ListQuery query = ListQuery.of(ctx, SORTS, FILTERS);
        Page<DeviceSummary> members = devices.list(signed.caller(),
                new DeviceFilter(null, null, null, null, group.name(), null), query.pageRequest());
        Page<DeviceSummary> found = devices.list(signed.caller(),
                new DeviceFilter(query.filter("find_id"), query.filter("find_name"), null, null, null, null),
                new PageRequest(1, PICKER_SIZE));
        String notice = ctx.queryParam("done");
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "device_groups"));
        params.put("model", new Model(group, query, members.data(), members.total(), found.data(), found.total(),
                notice != null && NOTICES.contains(notice) ? notice : null));
        web.render(ctx, "groups/devices.jte", params);
    }

    /** {@code POST /device-groups/{guid}/devices/add} with the picked RustDesk {@code id}s. */
    public void add(Context ctx) {
        changeMembers(ctx, "added", groups::addDevices);
    }

    /** {@code POST /device-groups/{guid}/devices/remove} with the selected RustDesk {@code id}s. */
    public void remove(Context ctx) {
        changeMembers(ctx, "removed", groups::removeDevices);
    }

    /** How a group's devices change: the service's add or remove. */
    private interface MemberChange {
        void apply(Caller caller, String guid, List<String> ids);
    }

    private void changeMembers(Context ctx, String notice, MemberChange change) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String guid = ctx.pathParam("guid");
        List<String> ids = ctx.formParams("id");
        if (ids.isEmpty()) {
            ConsoleWeb.redirect(ctx, back(ctx, guid)); // nothing picked: nothing to do
            return;
        }
        change.apply(signed.caller(), guid, ids);
        ConsoleWeb.redirect(ctx, GroupPages.withNotice(back(ctx, guid), notice));
    }

    private static String back(Context ctx, String guid) {
        String own = "/device-groups/" + guid + "/devices";
        String path = ConsoleWeb.localPath(ctx.formParam("back"));
        return path.startsWith(own) ? path : own;
    }
}
