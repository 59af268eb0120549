package org.rdhub.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/**
 * The admin REST API on users ({@code users.py}). Changes answer 200 with an empty body, except creations, which
 * answer {@code {"guid": ...}}.
 */
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

    /** {@code POST /api/users}: users.py {@code new}; {@code is_admin} is for the console. */
    public record CreateBody(String name, String password, @JsonProperty("group_name") String groupName,
            String email, String note, @JsonProperty("is_admin") Boolean admin) {
    }

    /** {@code POST /api/users/invite}: users.py {@code invite}. */
    public record InviteBody(String email, String name, @JsonProperty("group_name") String groupName, String note) {
    }

    /** {@code PUT /api/users/tfa/totp/enforce}. */
    public record EnforceBody(@JsonProperty("user_guids") List<String> userGuids, Boolean enforce, String url) {
    }

    /** {@code PUT /api/users/disable_login_verification}: {@code type} is {@code email} or {@code 2fa}. */
    public record VerificationBody(@JsonProperty("user_guids") List<String> userGuids, String type) {
    }

    /** {@code POST /api/users/force-logout}. */
    public record GuidsBody(@JsonProperty("user_guids") List<String> userGuids) {
    }

    private final UserService users;
    private final UserInvitations invitations;
    private final Optional<URI> publicUrl;
    private final Web web;

    /** @param publicUrl the configured public address of the server, if any (for links in mails) */
    public UserApi(UserService users, UserInvitations invitations, Optional<URI> publicUrl, Web web) {
        this.users = users;
        this.invitations = invitations;
        this.publicUrl = publicUrl;
        this.web = web;
    }

    /**
     * {@code GET /api/users?name=&group_name=&status=&current=&pageSize=} → {@code {"total": n, "data": [...]}}:
     * Pro's users.py with an API token, or a client's accessible tab ({@code accessible=&status=1}) with its login.
     */
    public void list(Context ctx) {
        ctx.json(users.list(web.caller(ctx), filter(ctx), Web.page(ctx)).map(UserItem::of));
    }

    /** {@code GET /api/users/export.csv}: the list's filters, every row. */
    public void export(Context ctx) {
        csv(ctx, users.export(web.caller(ctx), filter(ctx)));
    }

    /** The users export's download, for the API and the console's list alike. */
    static void csv(Context ctx, List<User> rows) {
        Web.csv(ctx, "users", csv -> {
            csv.row("name", "display name", "email", "group", "admin", "status", "note", "created at");
            for (User user : rows) {
                csv.row(user.name(), user.displayName(), user.email(), user.groupName(), user.admin(),
                        statusWord(user.status()), user.note(), TIME.format(Instant.ofEpochMilli(user.createdAt())));
            }
        });
    }

    /** {@code POST /api/users} → {@code {"guid": ...}}. */
    public void create(Context ctx) {
        CreateBody body = Json.read(ctx, CreateBody.class);
        String guid = users.create(web.caller(ctx), new NewAccount(body.name(), body.email(), body.note(),
                body.groupName(), Boolean.TRUE.equals(body.admin())), body.password());
        ctx.json(Map.of("guid", guid));
    }

    /** {@code POST /api/users/invite} → {@code {"guid": ...}} once the mail is sent. */
    public void invite(Context ctx) {
        InviteBody body = Json.read(ctx, InviteBody.class);
        String guid = invitations.invite(web.caller(ctx), new NewAccount(body.name(), body.email(), body.note(),
                body.groupName(), false), publicUrl(ctx));
        ctx.json(Map.of("guid", guid));
    }

    /** {@code POST /api/users/{guid}/enable}, no body. */
    public void enable(Context ctx) {
        users.enable(web.caller(ctx), ctx.pathParam("guid"));
    }

    /** {@code POST /api/users/{guid}/disable}, no body. */
    public void disable(Context ctx) {
        users.disable(web.caller(ctx), ctx.pathParam("guid"));
    }

    /** {@code DELETE /api/users/{guid}}, no body. */
    public void delete(Context ctx) {
        users.delete(web.caller(ctx), ctx.pathParam("guid"));
    }

    /** {@code PUT /api/users/tfa/totp/enforce}; an empty {@code url} means this server's public address. */
    public void enforceTotp(Context ctx) {
        EnforceBody body = Json.read(ctx, EnforceBody.class);
        if (body.enforce() == null) {
            throw ServiceException.invalid("enforce must be true or false");
        }
        String url = body.url() == null || body.url().isBlank() ? publicUrl(ctx) : body.url().strip();
        users.enforceTotp(web.caller(ctx), body.userGuids(), body.enforce(), url);
    }

    /** {@code PUT /api/users/disable_login_verification}. */
    public void disableLoginVerification(Context ctx) {
        VerificationBody body = Json.read(ctx, VerificationBody.class);
        UserService.Verification verification = switch (body.type() == null ? "" : body.type()) {
            case "email" -> UserService.Verification.EMAIL;
            case "2fa" -> UserService.Verification.TOTP;
            default -> throw ServiceException.invalid("type must be \"email\" or \"2fa\"");
        };
        users.disableLoginVerification(web.caller(ctx), body.userGuids(), verification);
    }

    /** {@code POST /api/users/force-logout}. */
    public void forceLogout(Context ctx) {
        users.forceLogout(web.caller(ctx), Json.read(ctx, GuidsBody.class).userGuids());
    }

    private static UserFilter filter(Context ctx) {
        return new UserFilter(ctx.queryParam("name"), ctx.queryParam("group_name"), Web.optionalInt(ctx, "status"));
    }

    private static String statusWord(int status) {
        return switch (status) {
            case User.STATUS_NORMAL -> "active";
            case User.STATUS_DISABLED -> "disabled";
            default -> "unverified";
        };
    }

    private String publicUrl(Context ctx) {
        return publicUrl(publicUrl, ctx);
    }

    /** Where users reach this server: the configured public URL, else the address this request came to. */
    static String publicUrl(Optional<URI> configured, Context ctx) {
        String url = configured.map(URI::toString).orElseGet(() -> ctx.scheme() + "://" + ctx.host());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
