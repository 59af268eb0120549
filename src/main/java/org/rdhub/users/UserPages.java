package org.rdhub.users;

import static org.rdhub.console.ConsoleWeb.field;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rdhub.auth.PasswordPolicy;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.console.ConsoleText;
import org.rdhub.console.ConsoleWeb;
import org.rdhub.console.ListQuery;
import org.rdhub.devices.DeviceFilter;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.DeviceSummary;
import org.rdhub.groups.UserGroupService;
import org.rdhub.http.ApiErrors;

/**
 * The console's Users pages: the list (filters, sorting, bulk enable / disable / delete / reset 2FA / force logout,
 * CSV export), the create, invite and edit forms, and assigning devices to a user. Every rule is the services';
 * a refused form comes back with the entered values and a translated reason.
 */
public final class UserPages {
    /** The list's sort columns (the first is the default) and filters. */
    static final List<String> SORTABLE = UserStore.SORTABLE;
    static final Set<String> FILTERS = Set.of("name", "group", "status", "admin");
    private static final Set<String> DEVICE_FILTERS = Set.of("id", "device");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /** What a create, invite or edit form holds, to show it again after a refusal. */
    public record Form(String name, String email, String note, String group, boolean admin) {
        static Form empty() {
            return new Form("", "", "", "", false);
        }

        static Form of(User user) {
            return new Form(user.name(), user.email() == null ? "" : user.email(),
                    user.note() == null ? "" : user.note(), user.groupName(), user.admin());
        }

        static Form read(Context ctx) {
            return new Form(field(ctx, "name"), field(ctx, "email"), field(ctx, "note"), field(ctx, "group"),
                    "on".equals(ctx.formParam("admin")));
        }
    }

    private final UserService users;
    private final UserInvitations invitations;
    private final UserGroupService groups;
    private final DeviceService devices;
    private final Optional<URI> publicUrl;
    private final ConsoleWeb web;

    public UserPages(UserService users, UserInvitations invitations, UserGroupService groups, DeviceService devices,
            Optional<URI> publicUrl, ConsoleWeb web) {
        this.users = users;
        this.invitations = invitations;
        this.groups = groups;
        this.devices = devices;
        this.publicUrl = publicUrl;
        this.web = web;
    }

    /** {@code GET /users}: the list with its filters, sort and page. */
    public void list(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        ListQuery query = ListQuery.of(ctx, SORTABLE, FILTERS);
        Page<User> rows = users.list(signed.caller(), filter(query), query.pageRequest(), query.sort());
        var text = web.messages(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "users"));
        params.put("query", query);
        params.put("rows", rows);
        params.put("groups", groupNames(signed));
        params.put("notice", notice(text, ctx.queryParam("done")));
        params.put("refusal", refusal(text, ctx.queryParam("refused")));
        params.put("exportHref", query.hrefAt("/users/export.csv"));
        web.render(ctx, "users/list.jte", params);
    }

    /** {@code GET /users/export.csv}: the API's export of the list's filters. */
    public void export(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        ListQuery query = ListQuery.of(ctx, SORTABLE, FILTERS);
        UserApi.csv(ctx, users.export(signed.caller(), filter(query)));
    }

    /** {@code GET /users/new}. */
    public void newForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        renderForm(ctx, signed, "users/create.jte", null, Form.empty(), null);
    }

    /** {@code POST /users/new}: name, password (twice), group, admin, email, note. */
    public void create(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Form form = Form.read(ctx);
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("confirm_password"))) {
            ctx.status(400);
            renderForm(ctx, signed, "users/create.jte", null, form, web.messages(ctx).t("users.error.mismatch"));
            return;
        }
        try {
            users.create(signed.caller(), new NewAccount(form.name(), form.email(), form.note(), form.group(),
                    form.admin()), password);
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            renderForm(ctx, signed, "users/create.jte", null, form, error(ctx, e));
            return;
        }
        ConsoleWeb.redirect(ctx, "/users?done=created");
    }

    /** {@code GET /users/invite}: says so when no mail server is set up. */
    public void inviteForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        renderForm(ctx, signed, "users/invite.jte", null, Form.empty(), null);
    }

    /** {@code POST /users/invite}: email, name, group, note; the mailed link lets the user choose a password. */
    public void invite(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Form form = Form.read(ctx);
        try {
            invitations.invite(signed.caller(), new NewAccount(form.name(), form.email(), form.note(), form.group(),
                    false), UserApi.publicUrl(publicUrl, ctx));
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            renderForm(ctx, signed, "users/invite.jte", null, form, error(ctx, e));
            return;
        }
        ConsoleWeb.redirect(ctx, "/users?done=invited");
    }

    /** {@code GET /users/{guid}/edit}. */
    public void editForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        User user = users.get(signed.caller(), ctx.pathParam("guid"));
        renderForm(ctx, signed, "users/edit.jte", user, Form.of(user), null);
    }

    /** {@code POST /users/{guid}/edit}: email, note, group, admin, and an optional new password (twice). */
    public void save(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        User user = users.get(signed.caller(), ctx.pathParam("guid"));
        Form form = Form.read(ctx);
        String password = ctx.formParam("new_password");
        String confirm = ctx.formParam("confirm_password");
        if (password != null && !password.isEmpty() && !password.equals(confirm)) {
            ctx.status(400);
            renderForm(ctx, signed, "users/edit.jte", user, form, web.messages(ctx).t("users.error.mismatch"));
            return;
        }
        try {
            users.update(signed.caller(), user.guid(), new UserService.Changes(form.email(), form.note(),
                    form.group(), form.admin(), password));
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            renderForm(ctx, signed, "users/edit.jte", user, form, error(ctx, e));
            return;
        }
        ConsoleWeb.redirect(ctx, "/users?done=saved");
    }

    /** {@code POST /users/enable}: the checked users ({@code guid}) or the row's one ({@code one}). */
    public void enable(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        bulk(ctx, "enabled", () -> users.enable(signed.caller(), chosen(ctx)));
    }

    /** {@code POST /users/disable}. */
    public void disable(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        bulk(ctx, "disabled", () -> users.disable(signed.caller(), chosen(ctx)));
    }

    /** {@code POST /users/delete}: all or none; a refusal is shown on the list. */
    public void delete(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        bulk(ctx, "deleted", () -> users.delete(signed.caller(), chosen(ctx)));
    }

    /** {@code POST /users/reset-2fa}: removes the users' TOTP, so they set it up again. */
    public void resetTotp(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        bulk(ctx, "totp_reset", () -> users.disableLoginVerification(signed.caller(), chosen(ctx),
                UserService.Verification.TOTP));
    }

    /** {@code POST /users/force-logout}: ends every sign-in of the users. */
    public void forceLogout(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        bulk(ctx, "logged_out", () -> users.forceLogout(signed.caller(), chosen(ctx)));
    }

    /** {@code GET /users/{guid}/devices}: devices to assign to the user, found by ID or name. */
    public void devicesForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        User user = users.get(signed.caller(), ctx.pathParam("guid"));
        ListQuery query = ListQuery.of(ctx, List.of("id"), DEVICE_FILTERS);
        Page<DeviceSummary> rows = devices.list(signed.caller(), new DeviceFilter(query.filter("id"),
                query.filter("device"), null, null, null, null), query.pageRequest());
        var text = web.messages(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "users"));
        params.put("user", user);
        params.put("query", query);
        params.put("rows", rows);
        params.put("notice", "assigned".equals(ctx.queryParam("done"))
                ? text.t("users.assign.done", user.name()) : null);
        params.put("refusal", refusal(text, ctx.queryParam("refused")));
        web.render(ctx, "users/devices.jte", params);
    }

    /** {@code POST /users/{guid}/devices}: assigns each checked device to the user, as devices.py assign does. */
    public void assignDevices(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        User user = users.get(signed.caller(), ctx.pathParam("guid"));
        List<String> chosen = ctx.formParams("guid");
        String back = ConsoleWeb.localPath(ctx.formParam("back"));
        if (chosen.isEmpty()) {
            ConsoleWeb.redirect(ctx, withParam(back, "refused", "none_selected"));
            return;
        }
        for (String device : chosen.stream().distinct().toList()) {
            devices.assign(signed.caller(), device, "user_name", user.name());
        }
        ConsoleWeb.redirect(ctx, withParam(back, "done", "assigned"));
    }

    /** The day a template shows, in UTC. */
    public static String date(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis)).substring(0, 10);
    }

    /** The time a template shows, in UTC. */
    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Runs a change on the chosen users, then back to the list with a notice, or with the refusal's reason. */
    private static void bulk(Context ctx, String notice, Runnable change) {
        String back = ConsoleWeb.localPath(ctx.formParam("back"));
        try {
            change.run();
        } catch (ServiceException e) {
            if (e.code() == null || !Set.of("last_admin", "owns_shared_books", "none_selected").contains(e.code())) {
                throw e;
            }
            ConsoleWeb.redirect(ctx, withParam(back, "refused", e.code()));
            return;
        }
        ConsoleWeb.redirect(ctx, withParam(back, "done", notice));
    }

    /** A row's own button sends {@code one}; the bulk buttons send the checked {@code guid}s. */
    private static List<String> chosen(Context ctx) {
        String one = ctx.formParam("one");
        return one != null && !one.isBlank() ? List.of(one) : ctx.formParams("guid");
    }

    private static String withParam(String path, String name, String value) {
        return path + (path.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static UserFilter filter(ListQuery query) {
        Integer status = switch (query.value("status")) {
            case "enabled" -> User.STATUS_NORMAL;
            case "disabled" -> User.STATUS_DISABLED;
            case "unverified" -> User.STATUS_UNVERIFIED;
            default -> null;
        };
        Boolean admin = switch (query.value("admin")) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
        return new UserFilter(query.filter("name"), query.filter("group"), status, admin);
    }

    private List<String> groupNames(ConsoleWeb.Signed signed) {
        return groups.list(signed.caller(), null, new PageRequest(1, PageRequest.MAX_PAGE_SIZE)).data().stream()
                .map(view -> view.group().name()).toList();
    }

    private void renderForm(Context ctx, ConsoleWeb.Signed signed, String template, User user, Form form,
            String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "users"));
        params.put("user", user);
        params.put("form", form);
        params.put("groups", groupNames(signed));
        params.put("error", error);
        params.put("mailConfigured", invitations.mailConfigured());
        web.render(ctx, template, params);
    }

    private static String notice(ConsoleText.Messages text, String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "created" -> text.t("users.done.created");
            case "invited" -> text.t("users.done.invited");
            case "saved" -> text.t("users.done.saved");
            case "enabled" -> text.t("users.done.enabled");
            case "disabled" -> text.t("users.done.disabled");
            case "deleted" -> text.t("users.done.deleted");
            case "totp_reset" -> text.t("users.done.totp_reset");
            case "logged_out" -> text.t("users.done.logged_out");
            default -> null;
        };
    }

    private static String refusal(ConsoleText.Messages text, String refused) {
        if (refused == null) {
            return null;
        }
        return switch (refused) {
            case "last_admin" -> text.t("users.error.last_admin");
            case "owns_shared_books" -> text.t("users.error.owns_shared_books");
            case "none_selected" -> text.t("users.error.none_selected");
            default -> null;
        };
    }

    /** A form's refusal in the viewer's language; a reason without words of its own shows the service's. */
    private String error(Context ctx, ServiceException e) {
        var text = web.messages(ctx);
        String code = e.code() == null ? "" : e.code();
        return switch (code) {
            case "name_required" -> text.t("users.error.name_required");
            case "name_invalid" -> text.t("users.error.name_invalid");
            case "name_taken" -> text.t("users.error.name_taken");
            case "email_invalid" -> text.t("users.error.email_invalid");
            case "email_required" -> text.t("users.error.email_required");
            case "group_unknown" -> text.t("users.error.group_unknown");
            case "password_policy" -> text.t("users.error.password_policy", PasswordPolicy.MIN_LENGTH,
                    PasswordPolicy.MAX_LENGTH);
            case "last_admin" -> text.t("users.error.last_admin");
            case "mail_not_configured" -> text.t("users.invite.no_mail");
            default -> text.refusal(e.getMessage());
        };
    }
}
