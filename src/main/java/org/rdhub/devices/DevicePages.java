package org.rdhub.devices;

import static org.rdhub.console.ConsoleWeb.field;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.rdhub.access.Caller;
import org.rdhub.common.Page;
import org.rdhub.common.ServiceException;
import org.rdhub.console.ConsoleText;
import org.rdhub.console.ConsoleWeb;
import org.rdhub.console.ListQuery;
import org.rdhub.console.Pager;
import org.rdhub.http.ApiErrors;

/**
 * The console's Devices page: the list with its filters, sorting and pages, the bulk and row actions (enable,
 * disable, delete, disconnect a live session), the CSV export and the Edit form. Administrators see every device;
 * other users see their own, read-only. Every rule is {@link DeviceService}'s.
 */
public final class DevicePages {
    /** The list's filters in the query string; {@code os} is a family, {@code online} is online or offline. */
    static final Set<String> FILTERS = Set.of("name", "online", "user", "group", "device_group", "os", "strategy");
    /** The OS families the filter offers, see {@link DeviceFilter#osFamilyPattern}. */
    public static final List<String> OS_FAMILIES = List.of("windows", "linux", "macos", "android");
    private static final Set<String> NOTICES = Set.of("enabled", "disabled", "deleted", "edited", "unchanged",
            "disconnect", "none_selected");
    private static final DateTimeFormatter LAST_ONLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /** The values of the Edit form, as stored or as entered. */
    public record Form(String alias, String user, String deviceGroup, String strategy, String note) {

        static Form of(DeviceSummary device) {
            return new Form(device.alias(), device.ownerName(), device.deviceGroupName(), device.strategyName(),
                    device.note());
        }

        static Form of(Context ctx) {
            return new Form(field(ctx, "alias"), field(ctx, "user"), field(ctx, "device_group"),
                    field(ctx, "strategy"), field(ctx, "note").replace("\r\n", "\n"));
        }
    }

    private final DeviceService devices;
    private final ConsoleWeb web;

    public DevicePages(DeviceService devices, ConsoleWeb web) {
        this.devices = devices;
        this.web = web;
    }

    /** {@code GET /devices}: the whole page; htmx swaps the {@code #list} part of it. */
    public void list(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        ListQuery query = ListQuery.of(ctx, DeviceService.SORT_COLUMNS, FILTERS);
        Page<DeviceSummary> result = devices.browse(signed.caller(), filter(query), query.pageRequest(),
                query.sort());
        boolean admin = signed.user().admin();
        String notice = ctx.queryParam("done");
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "devices"));
        params.put("query", query);
        params.put("devices", result.data());
        params.put("pager", new Pager(query, result.total()));
        params.put("admin", admin);
        params.put("choices", admin ? devices.choices(signed.caller()) : null);
        params.put("notice", notice != null && NOTICES.contains(notice) ? noticeText(ctx, notice) : null);
        params.put("noticeKind", "none_selected".equals(notice) ? "warning" : "success");
        params.put("exportHref", query.hrefAt("/devices/export.csv"));
        if (ctx.header("HX-Request") != null) {
            // the address bar shows the list as asked, without the form's empty fields
            ctx.header("HX-Push-Url", query.href());
        }
        web.render(ctx, "devices/devices.jte", params);
    }

    /** {@code GET /devices/export.csv}: the rows of the list's filters, as the API's export writes them. */
    public void export(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        ListQuery query = ListQuery.of(ctx, DeviceService.SORT_COLUMNS, FILTERS);
        DeviceAdminApi.csv(ctx, devices.browseAll(signed.caller(), filter(query), query.sort()));
    }

    /** {@code POST /devices/enable}: the selected devices. */
    public void enableSelected(Context ctx) {
        onSelected(ctx, "enabled", (caller, guids) -> devices.setEnabled(caller, guids, true));
    }

    public void disableSelected(Context ctx) {
        onSelected(ctx, "disabled", (caller, guids) -> devices.setEnabled(caller, guids, false));
    }

    public void deleteSelected(Context ctx) {
        onSelected(ctx, "deleted", devices::delete);
    }

    /** A bulk action on the ticked {@code guid}s, then back to the list with its notice. */
    private void onSelected(Context ctx, String notice, BiConsumer<Caller, List<String>> action) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        List<String> guids = ctx.formParams("guid");
        if (guids.isEmpty()) {
            back(ctx, "none_selected");
            return;
        }
        action.accept(signed.caller(), guids);
        back(ctx, notice);
    }

    /** {@code POST /devices/{guid}/enable}: one device, from its row's menu. */
    public void enable(Context ctx) {
        devices.setEnabled(web.signedIn(ctx).caller(), List.of(ctx.pathParam("guid")), true);
        back(ctx, "enabled");
    }

    public void disable(Context ctx) {
        devices.setEnabled(web.signedIn(ctx).caller(), List.of(ctx.pathParam("guid")), false);
        back(ctx, "disabled");
    }

    public void delete(Context ctx) {
        devices.delete(web.signedIn(ctx).caller(), List.of(ctx.pathParam("guid")));
        back(ctx, "deleted");
    }

    /**
     * {@code POST /devices/{guid}/disconnect} with {@code conn}: asks the device to end that incoming connection
     * with its next heartbeat.
     */
    public void disconnect(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        DeviceSummary device = devices.view(signed.caller(), ctx.pathParam("guid"));
        int conn;
        try {
            conn = Integer.parseInt(String.valueOf(ctx.formParam("conn")).strip());
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("conn must be a connection id");
        }
        devices.requestDisconnect(signed.caller(), device.rustdeskId(), conn);
        back(ctx, "disconnect");
    }

    /** {@code GET /devices/{guid}/edit}. */
    public void editForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        DeviceSummary device = devices.view(signed.caller(), ctx.pathParam("guid"));
        renderEdit(ctx, signed, device, Form.of(device), null);
    }

    /** {@code POST /devices/{guid}/edit}: the changed fields land together, or the form comes back with why not. */
    public void edit(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        DeviceSummary device = devices.view(signed.caller(), ctx.pathParam("guid"));
        Form form = Form.of(ctx);
        boolean changed;
        try {
            changed = devices.edit(signed.caller(), device.guid(), new DeviceService.Assignment(null, null,
                    form.user(), form.strategy(), form.deviceGroup(), form.note(), null, form.alias(), null));
        } catch (ServiceException e) {
            if (e.kind() == ServiceException.Kind.FORBIDDEN || e.kind() == ServiceException.Kind.NOT_AUTHENTICATED) {
                throw e;
            }
            ctx.status(ApiErrors.status(e.kind()));
            renderEdit(ctx, signed, device, form, editError(web.messages(ctx), e));
            return;
        }
        back(ctx, changed ? "edited" : "unchanged");
    }

    private void renderEdit(Context ctx, ConsoleWeb.Signed signed, DeviceSummary device, Form form, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "devices"));
        params.put("device", device);
        params.put("form", form);
        params.put("choices", devices.choices(signed.caller()));
        params.put("error", error);
        params.put("back", backPath(ctx));
        web.render(ctx, "devices/edit.jte", params);
    }

    /** The list's filters as the service takes them; an OS family not offered is no filter. */
    static DeviceFilter filter(ListQuery query) {
        String online = query.filter("online");
        return new DeviceFilter(null, query.filter("name"), query.filter("user"), query.filter("group"),
                query.filter("device_group"), null, DeviceFilter.osFamilyPattern(query.filter("os")),
                query.filter("strategy"), "online".equals(online) ? Boolean.TRUE
                        : "offline".equals(online) ? Boolean.FALSE : null, null);
    }

    /** An OS family's name, the same in every language. */
    public static String osLabel(String family) {
        return switch (family) {
            case "windows" -> "Windows";
            case "linux" -> "Linux";
            case "macos" -> "macOS";
            default -> "Android";
        };
    }

    /** When the device was last heard from, in UTC, as the list shows it. */
    public static String lastOnline(DeviceSummary device) {
        return LAST_ONLINE.format(Instant.ofEpochMilli(device.lastOnlineAt()));
    }

    /** The Edit link of a row: comes back to the list as it is now. */
    public static String editHref(DeviceSummary device, ListQuery query) {
        return "/devices/" + URLEncoder.encode(device.guid(), StandardCharsets.UTF_8) + "/edit?back="
                + URLEncoder.encode(query.href(), StandardCharsets.UTF_8);
    }

    /** Where a form goes back to: the list it came from (a same-site path), or the list's first page. */
    private static String backPath(Context ctx) {
        String back = ctx.formParam("back");
        if (back == null) {
            back = ctx.queryParam("back");
        }
        String path = ConsoleWeb.localPath(back);
        return path.equals("/devices") || path.startsWith("/devices?") ? path : "/devices";
    }

    private static void back(Context ctx, String notice) {
        String path = backPath(ctx);
        ConsoleWeb.redirect(ctx, path + (path.contains("?") ? "&" : "?") + "done=" + notice);
    }

    private String noticeText(Context ctx, String notice) {
        ConsoleText.Messages text = web.messages(ctx);
        return switch (notice) {
            case "enabled" -> text.t("devices.done.enabled");
            case "disabled" -> text.t("devices.done.disabled");
            case "deleted" -> text.t("devices.done.deleted");
            case "edited" -> text.t("devices.done.edited");
            case "unchanged" -> text.t("devices.done.unchanged");
            case "disconnect" -> text.t("devices.done.disconnect");
            default -> text.t("devices.done.none_selected");
        };
    }

    private String editError(ConsoleText.Messages text, ServiceException e) {
        String code = e.code() == null ? "" : e.code();
        return switch (code) {
            case "unknown_user" -> text.t("devices.error.unknown_user");
            case "unknown_strategy" -> text.t("devices.error.unknown_strategy");
            case "unknown_device_group" -> text.t("devices.error.unknown_device_group");
            case "too_long_note" -> text.t("devices.error.note_too_long");
            case "too_long_device_name" -> text.t("devices.error.name_too_long");
            default -> text.refusal(e.getMessage());
        };
    }
}
