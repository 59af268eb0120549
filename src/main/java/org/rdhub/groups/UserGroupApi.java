package org.rdhub.groups;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.util.List;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/** The admin REST API on user groups ({@code user-groups.py}). */
public final class UserGroupApi {

    /** A group as user-groups.py reads ({@code guid}, {@code name}) and prints it. */
    public record Item(
            String guid,
            String name,
            String note,
            @JsonProperty("allowed_incomings") List<AccessRule> allowedIncomings,
            @JsonProperty("allowed_outgoings") List<AccessRule> allowedOutgoings,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("user_count") long userCount) {

        static Item of(UserGroupService.View view) {
            Group group = view.group();
            return new Item(group.guid(), group.name(), group.note(), view.incomings(), view.outgoings(),
                    GroupJson.time(group.createdAt()), group.members());
        }
    }

    /** The body of an add or a change; absent fields are null. */
    public record Body(
            String name,
            String note,
            @JsonProperty("allowed_incomings") List<AccessRule> allowedIncomings,
            @JsonProperty("allowed_outgoings") List<AccessRule> allowedOutgoings) {

        UserGroupService.Fields fields() {
            return new UserGroupService.Fields(name, note, allowedIncomings, allowedOutgoings);
        }
    }

    private final UserGroupService groups;
    private final Web web;

    public UserGroupApi(UserGroupService groups, Web web) {
        this.groups = groups;
        this.web = web;
    }

    /** {@code GET /api/user-groups?name=&current=&pageSize=} → {@code {"total": n, "data": [...]}}. */
    public void list(Context ctx) {
        ctx.json(groups.list(web.caller(ctx), ctx.queryParam("name"), Web.page(ctx)).map(Item::of));
    }

    /** {@code POST /api/user-groups} {@code {"name", "note"?, "allowed_incomings"?, "allowed_outgoings"?}} → the group. */
    public void create(Context ctx) {
        ctx.json(Item.of(groups.create(web.caller(ctx), Json.read(ctx, Body.class).fields())));
    }

    /** {@code PATCH /api/user-groups/{guid}} with the fields to change. */
    public void update(Context ctx) {
        groups.update(web.caller(ctx), ctx.pathParam("guid"), Json.read(ctx, Body.class).fields());
        ctx.status(200);
    }

    /** {@code DELETE /api/user-groups/{guid}}. */
    public void delete(Context ctx) {
        groups.delete(web.caller(ctx), ctx.pathParam("guid"));
        ctx.status(200);
    }

    /** {@code POST /api/user-groups/{guid}} with a JSON array of user guids: moves them into the group. */
    public void addUsers(Context ctx) {
        groups.moveUsers(web.caller(ctx), ctx.pathParam("guid"), GroupJson.stringArray(ctx, "user guids"));
        ctx.status(200);
    }
}
