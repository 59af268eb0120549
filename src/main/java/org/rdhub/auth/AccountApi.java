package org.rdhub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;
import org.rdhub.users.User;

/** The RustDesk client's account calls: {@code /api/login}, {@code /api/logout}, {@code /api/currentUser}. */
public final class AccountApi {

    /** The login body as the client sends it; fields of later login steps are read when those steps exist. */
    public record LoginBody(String username, String password, String id, String uuid, String type,
            JsonNode deviceInfo) {
    }

    /** The user as the client's {@code UserPayload} reads it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserPayload(
            String name,
            @JsonProperty("display_name") String displayName,
            String avatar,
            String email,
            String note,
            int status,
            @JsonProperty("is_admin") boolean admin) {

        public static UserPayload of(User user) {
            return new UserPayload(user.name(), user.displayName() == null ? "" : user.displayName(), "",
                    user.email() == null ? "" : user.email(), user.note(), user.status(), user.admin());
        }
    }

    public record LoginReply(String type, @JsonProperty("access_token") String accessToken, UserPayload user) {
    }

    private final LoginService logins;
    private final Web web;

    public AccountApi(LoginService logins, Web web) {
        this.logins = logins;
        this.web = web;
    }

    public void login(Context ctx) {
        LoginBody body = Json.read(ctx, LoginBody.class);
        if (body.type() != null && !body.type().equals("account")) {
            throw ServiceException.invalid("Unsupported login type '" + body.type() + "'");
        }
        String deviceInfo = body.deviceInfo() == null || !body.deviceInfo().isObject() ? "{}"
                : Json.write(body.deviceInfo());
        var result = logins.login(body.username(), body.password(),
                new LoginService.Device(body.id(), body.uuid(), deviceInfo));
        ctx.json(new LoginReply("access_token", result.accessToken(), UserPayload.of(result.user())));
    }

    /** The client ignores the reply and clears its state whatever happens, so this always answers 200. */
    public void logout(Context ctx) {
        logins.logout(Web.bearer(ctx));
        ctx.status(200);
    }

    public void currentUser(Context ctx) {
        ctx.json(UserPayload.of(logins.currentUser(web.caller(ctx))));
    }
}
