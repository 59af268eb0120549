package org.rdhub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;
import org.rdhub.users.User;

/**
 * The RustDesk client's account calls: {@code /api/login} (both steps), {@code /api/login-options},
 * {@code /api/logout}, {@code /api/currentUser}.
 */
public final class AccountApi {

    /** The login body as Flutter and Sciter send it; the second step carries the code and the first step's secret. */
    public record LoginBody(String username, String password, String id, String uuid, String type,
            String verificationCode, String tfaCode, String secret, JsonNode deviceInfo) {
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

    /**
     * The answer that opens the client's code dialog. {@code type} stays {@code email_check} for both kinds: the
     * client tells them apart by {@code tfa_type} and rejects a top-level {@code tfa_check}.
     */
    public record SecondStepReply(String type, @JsonProperty("tfa_type") String tfaType, String secret,
            SecondStepUser user) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecondStepUser(String name, String email) {
    }

    private final LoginService logins;
    private final Web web;

    public AccountApi(LoginService logins, Web web) {
        this.logins = logins;
        this.web = web;
    }

    public void login(Context ctx) {
        LoginBody body = Json.read(ctx, LoginBody.class);
        String type = body.type() == null ? "account" : body.type();
        switch (type) {
            case "account" -> {
                String deviceInfo = body.deviceInfo() == null || !body.deviceInfo().isObject() ? "{}"
                        : Json.write(body.deviceInfo());
                var outcome = logins.login(body.username(), body.password(),
                        new LoginService.Device(body.id(), body.uuid(), deviceInfo), ctx.ip());
                ctx.json(switch (outcome) {
                    case LoginService.Granted granted -> granted(granted);
                    case LoginService.EmailCodeSent sent -> new SecondStepReply("email_check", "email_check",
                            sent.secret(), new SecondStepUser(sent.user().name(), sent.user().email()));
                    case LoginService.TotpRequired totp -> new SecondStepReply("email_check", "tfa_check",
                            totp.secret(), new SecondStepUser(totp.user().name(), null));
                });
            }
            case "email_code", "tfa_code" -> {
                // Flutter sends the TOTP code as verificationCode (and tfaCode); Sciter sends tfaCode "" for email
                String code = body.verificationCode() != null && !body.verificationCode().isBlank()
                        ? body.verificationCode() : body.tfaCode();
                ctx.json(granted(logins.verify(body.username(), body.secret(), code, ctx.ip())));
            }
            default -> throw ServiceException.invalid("Unsupported login type '" + type + "'");
        }
    }

    private static LoginReply granted(LoginService.Granted granted) {
        return new LoginReply("access_token", granted.accessToken(), UserPayload.of(granted.user()));
    }

    /** The sign-in providers besides passwords; none until OIDC is configured. HEAD answers the TLS probe. */
    public void loginOptions(Context ctx) {
        ctx.json(List.of());
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
