package org.rdhub.groups;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdhub.access.Caller;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.console.ConsoleText;
import org.rdhub.console.ConsoleWeb;
import org.rdhub.console.ListQuery;
import org.rdhub.http.ApiErrors;

/**
 * The console's User Groups and Device Groups pages: the list (search by name, sort, bulk delete), the add and edit
 * form with the access rules. One class serves both kinds; a {@link Kind} says which service it calls and whether
 * the group has outgoing rules. The rules are the access grants {@link AccessRules} keeps, so an incoming rule set
 * here shows as the other group's outgoing rule, and the access policy enforces the same rows.
 */
public final class GroupPages {
    static final List<String> SORTS = List.of("name", "members", "created");
    private static final Set<String> FILTERS = Set.of("name");
    private static final Set<String> NOTICES = Set.of("created", "saved", "deleted");
    /** The groups a rule may name are offered in one select each, up to the most a page may hold. */
    private static final PageRequest CHOICES = new PageRequest(1, PageRequest.MAX_PAGE_SIZE);

    /** A group as the pages show it; {@code outgoings} is empty for a device group. */
    public record Row(Group group, List<AccessRule> incomings, List<AccessRule> outgoings) {

        /** The names of the rules of one type ({@link AccessRules#USER_GROUP}, ...). */
        public static List<String> names(List<AccessRule> rules, int type) {
            return rules.stream().filter(rule -> rule.type() == type).map(AccessRule::name).toList();
        }
    }

    /** What the add and edit form holds, as entered: the name, the note and the rules by kind of name. */
    public record Form(String name, String note, List<String> incomingGroups, String incomingUsers,
            List<String> outgoingGroups, List<String> outgoingDeviceGroups) {

        static Form empty() {
            return new Form("", "", List.of(), "", List.of(), List.of());
        }

        static Form of(Context ctx) {
            return new Form(value(ctx.formParam("name")), value(ctx.formParam("note")),
                    ctx.formParams("incoming_groups"), value(ctx.formParam("incoming_users")),
                    ctx.formParams("outgoing_groups"), ctx.formParams("outgoing_device_groups"));
        }

        static Form of(Row row) {
            Group group = row.group();
            return new Form(group.name(), group.note() == null ? "" : group.note(),
                    Row.names(row.incomings(), AccessRules.USER_GROUP),
                    String.join(", ", Row.names(row.incomings(), AccessRules.USER)),
                    Row.names(row.outgoings(), AccessRules.USER_GROUP),
                    Row.names(row.outgoings(), AccessRules.DEVICE_GROUP));
        }

        /** User groups and users (the names typed, separated by commas) that may reach this group. */
        List<AccessRule> incomings() {
            List<AccessRule> rules = new ArrayList<>();
            incomingGroups.forEach(name -> rules.add(new AccessRule(AccessRules.USER_GROUP, name)));
            Arrays.stream(incomingUsers.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                    .forEach(name -> rules.add(new AccessRule(AccessRules.USER, name)));
            return rules;
        }

        /** User groups and device groups this user group may reach. */
        List<AccessRule> outgoings() {
            List<AccessRule> rules = new ArrayList<>();
            outgoingGroups.forEach(name -> rules.add(new AccessRule(AccessRules.USER_GROUP, name)));
            outgoingDeviceGroups.forEach(name -> rules.add(new AccessRule(AccessRules.DEVICE_GROUP, name)));
            return rules;
        }

        private static String value(String text) {
            return text == null ? "" : text;
        }
    }

    /** The list page's model. */
    public record ListModel(boolean users, String path, ListQuery query, List<Row> rows, long total, String notice,
            List<String> errors) {
    }

    /** The add or edit form's model; {@code guid} is null when adding. */
    public record FormModel(boolean users, String path, String guid, Form form, List<String> userGroups,
            List<String> deviceGroups, String error, String back) {
    }

    /** What differs between user groups and device groups. */
    interface Kind {
        /** User groups (with outgoing rules and the Default group) or device groups. */
        boolean users();

        String path();

        String active();

        Page<Row> list(Caller caller, String name, PageRequest page, Sort sort);

        Row get(Caller caller, String guid);

        void create(Caller caller, Form form);

        void update(Caller caller, String guid, Form form);

        void delete(Caller caller, String guid);
    }

    private final Kind kind;
    private final UserGroupService userGroups;
    private final DeviceGroupService deviceGroups;
    private final ConsoleWeb web;

    private GroupPages(Kind kind, UserGroupService userGroups, DeviceGroupService deviceGroups, ConsoleWeb web) {
        this.kind = kind;
        this.userGroups = userGroups;
        this.deviceGroups = deviceGroups;
        this.web = web;
    }

    /** The pages under {@code /user-groups}. */
    public static GroupPages userGroups(UserGroupService userGroups, DeviceGroupService deviceGroups,
            ConsoleWeb web) {
        return new GroupPages(new UserGroups(userGroups), userGroups, deviceGroups, web);
    }

    /** The pages under {@code /device-groups}. */
    public static GroupPages deviceGroups(UserGroupService userGroups, DeviceGroupService deviceGroups,
            ConsoleWeb web) {
        return new GroupPages(new DeviceGroups(deviceGroups), userGroups, deviceGroups, web);
    }

    /** {@code GET /<kind>}: the list. */
    public void list(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String notice = ctx.queryParam("done");
        renderList(ctx, signed, notice != null && NOTICES.contains(notice) ? notice : null, List.of());
    }

    /** {@code GET /<kind>/new}: the empty form. */
    public void newForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        renderForm(ctx, signed, null, Form.empty(), null, back(ctx.queryParam("back")));
    }

    /** {@code POST /<kind>}: adds the group, or shows the form again with the reason. */
    public void create(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Form form = Form.of(ctx);
        String back = back(ctx.formParam("back"));
        try {
            kind.create(signed.caller(), form);
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            renderForm(ctx, signed, null, form, error(web.messages(ctx), e, form.name().strip()), back);
            return;
        }
        ConsoleWeb.redirect(ctx, withNotice(back, "created"));
    }

    /** {@code GET /<kind>/{guid}/edit}: the form with the group as stored. */
    public void editForm(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String guid = ctx.pathParam("guid");
        Row row = kind.get(signed.caller(), guid);
        renderForm(ctx, signed, guid, Form.of(row), null, back(ctx.queryParam("back")));
    }

    /** {@code POST /<kind>/{guid}/edit}: saves name, note and every rule list, or shows the form with the reason. */
    public void update(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String guid = ctx.pathParam("guid");
        Form form = Form.of(ctx);
        String back = back(ctx.formParam("back"));
        try {
            kind.update(signed.caller(), guid, form);
        } catch (ServiceException e) {
            if (e.kind() == ServiceException.Kind.FORBIDDEN || e.code() == null
                    && e.kind() == ServiceException.Kind.NOT_FOUND) {
                throw e; // not the form's fault: the console's error page
            }
            ctx.status(ApiErrors.status(e.kind()));
            renderForm(ctx, signed, guid, form, error(web.messages(ctx), e, form.name().strip()), back);
            return;
        }
        ConsoleWeb.redirect(ctx, withNotice(back, "saved"));
    }

    /**
     * {@code POST /<kind>/delete} with the selected {@code guid}s: deletes those the service lets go; when it refuses
     * any (the Default group, a group with users), the list shows why, group by group, and the others are gone.
     */
    public void delete(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        List<String> errors = new ArrayList<>();
        ConsoleText.Messages text = web.messages(ctx);
        for (String guid : ctx.formParams("guid")) {
            Row row;
            try {
                row = kind.get(signed.caller(), guid);
            } catch (ServiceException e) {
                if (e.kind() == ServiceException.Kind.NOT_FOUND) {
                    continue; // already gone
                }
                throw e;
            }
            try {
                kind.delete(signed.caller(), guid);
            } catch (ServiceException e) {
                if (e.kind() == ServiceException.Kind.FORBIDDEN) {
                    throw e;
                }
                errors.add(error(text, e, row.group().name()));
            }
        }
        if (!errors.isEmpty()) {
            ctx.status(409);
            renderList(ctx, signed, null, errors);
            return;
        }
        ConsoleWeb.redirect(ctx, withNotice(back(ctx.formParam("back")), "deleted"));
    }

    private void renderList(Context ctx, ConsoleWeb.Signed signed, String notice, List<String> errors) {
        ListQuery query = ListQuery.of(ctx, SORTS, FILTERS);
        if (ctx.method() == HandlerType.POST) {
            // after a refused delete the list is shown as it was asked for in the form's back address
            query = new ListQuery(kind.path(), 1, ListQuery.DEFAULT_SIZE, new Sort(SORTS.get(0), false), Map.of());
        }
        Page<Row> rows = kind.list(signed.caller(), query.filter("name"), query.pageRequest(), query.sort());
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, kind.active()));
        params.put("model", new ListModel(kind.users(), kind.path(), query, rows.data(), rows.total(), notice,
                errors));
        web.render(ctx, "groups/list.jte", params);
    }

    private void renderForm(Context ctx, ConsoleWeb.Signed signed, String guid, Form form, String error,
            String back) {
        Sort byName = new Sort("name", false);
        List<String> userGroupNames = userGroups.list(signed.caller(), null, CHOICES, byName).data().stream()
                .map(view -> view.group().name()).toList();
        List<String> deviceGroupNames = kind.users()
                ? deviceGroups.list(signed.caller(), null, CHOICES, byName).data().stream()
                        .map(view -> view.group().name()).toList()
                : List.of();
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, kind.active()));
        params.put("model", new FormModel(kind.users(), kind.path(), guid, form, userGroupNames, deviceGroupNames,
                error, back));
        web.render(ctx, "groups/form.jte", params);
    }

    /** Where a form goes back to: the list as it was, or the list. */
    private String back(String given) {
        String path = ConsoleWeb.localPath(given);
        return path.startsWith(kind.path()) ? path : kind.path();
    }

    /** A creation date as the lists show it (UTC). */
    public static String date(long epochMillis) {
        return GroupJson.time(epochMillis).substring(0, 10);
    }

    static String withNotice(String back, String notice) {
        return back + (back.contains("?") ? "&" : "?") + "done=" + notice;
    }

    /** A refusal in the viewer's words, by the reason code the service attached. */
    static String error(ConsoleText.Messages text, ServiceException e, String name) {
        return switch (e.code() == null ? "" : e.code()) {
            case "name_taken" -> text.t("groups.error.name_taken", name);
            case "default_group" -> text.t("groups.error.default_group");
            case "has_users" -> text.t("groups.error.has_users", name);
            case "name_blank" -> text.t("groups.error.name_blank");
            case "name_too_long" -> text.t("groups.error.name_too_long", Group.MAX_NAME);
            case "name_comma" -> text.t("groups.error.name_comma");
            case "note_too_long" -> text.t("groups.error.note_too_long", Group.MAX_NOTE);
            case "unknown_name" -> text.t("groups.error.unknown_name", e.getMessage());
            case "self_rule" -> text.t("groups.error.self_rule");
            default -> text.refusal(e.getMessage());
        };
    }

    /** User groups through {@link UserGroupService}. */
    private record UserGroups(UserGroupService service) implements Kind {
        @Override
        public boolean users() {
            return true;
        }

        @Override
        public String path() {
            return "/user-groups";
        }

        @Override
        public String active() {
            return "user_groups";
        }

        @Override
        public Page<Row> list(Caller caller, String name, PageRequest page, Sort sort) {
            return service.list(caller, name, page, sort).map(UserGroups::row);
        }

        @Override
        public Row get(Caller caller, String guid) {
            return row(service.get(caller, guid));
        }

        @Override
        public void create(Caller caller, Form form) {
            service.create(caller, fields(form));
        }

        @Override
        public void update(Caller caller, String guid, Form form) {
            service.update(caller, guid, fields(form));
        }

        @Override
        public void delete(Caller caller, String guid) {
            service.delete(caller, guid);
        }

        private static Row row(UserGroupService.View view) {
            return new Row(view.group(), view.incomings(), view.outgoings());
        }

        private static UserGroupService.Fields fields(Form form) {
            return new UserGroupService.Fields(form.name(), form.note(), form.incomings(), form.outgoings());
        }
    }

    /** Device groups through {@link DeviceGroupService}; they have no outgoing rules. */
    private record DeviceGroups(DeviceGroupService service) implements Kind {
        @Override
        public boolean users() {
            return false;
        }

        @Override
        public String path() {
            return "/device-groups";
        }

        @Override
        public String active() {
            return "device_groups";
        }

        @Override
        public Page<Row> list(Caller caller, String name, PageRequest page, Sort sort) {
            return service.list(caller, name, page, sort).map(DeviceGroups::row);
        }

        @Override
        public Row get(Caller caller, String guid) {
            return row(service.get(caller, guid));
        }

        @Override
        public void create(Caller caller, Form form) {
            service.create(caller, fields(form));
        }

        @Override
        public void update(Caller caller, String guid, Form form) {
            service.update(caller, guid, fields(form));
        }

        @Override
        public void delete(Caller caller, String guid) {
            service.delete(caller, guid);
        }

        private static Row row(DeviceGroupService.View view) {
            return new Row(view.group(), view.incomings(), List.of());
        }

        private static DeviceGroupService.Fields fields(Form form) {
            return new DeviceGroupService.Fields(form.name(), form.note(), form.incomings());
        }
    }
}
