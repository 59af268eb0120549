package org.rdhub.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.rdhub.http.Web;

/** The admin REST API on users ({@code users.py}). */
public final class UserApi {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** One user in a list reply: what users.py reads ({@code guid}, {@code name}) and prints. */
    public record UserItem(
            String guid,
            String name,
            @JsonProperty("display_name") String displayName,
            String email,
            String note,
            int status,
            @JsonProperty("is_admin") boolean admin,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("created_at") String createdAt) {

        static UserItem of(User user) {
            return new UserItem(user.guid(), user.name(), user.displayName() == null ? "" : user.displayName(),
                    user.email() == null ? "" : user.email(), user.note(), user.status(), user.admin(),
                    user.groupName(), TIME.format(Instant.ofEpochMilli(user.createdAt())));
        }
    }

    private final UserService users;
    private final Web web;

    public UserApi(UserService users, Web web) {
        this.users = users;
        this.web = web;
    }

    /**
     * {@code GET /api/users?name=&group_name=&status=&current=&pageSize=} → {@code {"total": n, "data": [...]}}:
     * Pro's users.py with an API token, or a client's accessible tab ({@code accessible=&status=1}) with its login.
     */
    public void list(Context ctx) {
        var filter = new UserFilter(ctx.queryParam("name"), ctx.queryParam("group_name"),
                Web.optionalInt(ctx, "status"));
        ctx.json(users.list(web.caller(ctx), filter, Web.page(ctx)).map(UserItem::of));
    }
}
