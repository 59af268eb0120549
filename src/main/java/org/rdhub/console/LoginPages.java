package org.rdhub.console;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.rdhub.access.Caller;
import org.rdhub.auth.ConsoleSessions;
import org.rdhub.auth.LoginService;
import org.rdhub.common.ServiceException;
import org.rdhub.http.ApiErrors;
import org.rdhub.users.User;

/**
 * The console's sign-in: name and password, then the emailed code or the authenticator code when the account has
 * one, through the same {@link LoginService} as RustDesk clients (checks, lockout, alarms); a completed sign-in
 * starts a console session instead of issuing a client token. Also sign-out and the language switch.
 */
public final class LoginPages {
    static final String CHALLENGE_COOKIE = "rdhub_login";
    private static final LoginService.Device NO_DEVICE = new LoginService.Device("", "", "{}");

    private final LoginService logins;
    private final ConsoleSessions sessions;
    private final ConsoleWeb web;

    public LoginPages(LoginService logins, ConsoleSessions sessions, ConsoleWeb web) {
        this.logins = logins;
        this.sessions = sessions;
        this.web = web;
    }

    public void show(Context ctx) {
        if (web.caller(ctx) instanceof Caller.User) {
            ConsoleWeb.redirect(ctx, "/");
            return;
        }
        passwordForm(ctx, "", null);
    }

    public void submit(Context ctx) {
        String username = ctx.formParam("username");
        String agent = ctx.userAgent();
        LoginService.Outcome outcome;
        try {
            outcome = logins.login(username, ctx.formParam("password"), NO_DEVICE, ctx.ip(),
                    user -> sessions.start(user, ctx.ip(), agent), true);
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            passwordForm(ctx, username == null ? "" : username, error(ctx, e, false));
            return;
        }
        switch (outcome) {
            case LoginService.Granted granted -> signedIn(ctx, granted);
            case LoginService.EmailCodeSent sent -> codeForm(ctx, sent.secret(), sent.user().name(), "email", null);
            case LoginService.TotpRequired totp -> codeForm(ctx, totp.secret(), totp.user().name(), "totp", null);
        }
    }

    public void verify(Context ctx) {
        String username = ctx.formParam("username");
        String kind = "email".equals(ctx.formParam("kind")) ? "email" : "totp";
        String secret = ctx.cookie(CHALLENGE_COOKIE);
        if (secret == null || secret.isBlank()) {
            ctx.status(401);
            passwordForm(ctx, username == null ? "" : username, web.messages(ctx).t("login.error.expired"));
            return;
        }
        String agent = ctx.userAgent();
        try {
            signedIn(ctx, logins.verify(username, secret, ctx.formParam("code"), ctx.ip(),
                    user -> sessions.start(user, ctx.ip(), agent)));
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            String message = error(ctx, e, true);
            if (e.getMessage().contains("expired") || e.kind() == ServiceException.Kind.TOO_MANY_REQUESTS) {
                passwordForm(ctx, username == null ? "" : username, message);
            } else {
                codeForm(ctx, null, username, kind, message);
            }
        }
    }

    public void logout(Context ctx) {
        web.endSession(ctx);
        ConsoleWeb.redirect(ctx, "/login");
    }

    /** {@code GET /language/{lang}?back=/path}: remembers the choice in a cookie and goes back. */
    public void language(Context ctx) {
        String language = ctx.pathParam("lang");
        if (ConsoleText.LANGUAGES.contains(language)) {
            web.rememberLanguage(ctx, language);
        }
        ConsoleWeb.redirect(ctx, ConsoleWeb.localPath(ctx.queryParam("back")));
    }

    private void signedIn(Context ctx, LoginService.Granted granted) {
        web.setCookie(ctx, CHALLENGE_COOKIE, "", 0);
        web.useSession(ctx, granted.accessToken());
        User user = granted.user();
        ConsoleWeb.redirect(ctx, ConsoleWeb.mustVisitAccount(user) ? "/account" : "/");
    }

    private void passwordForm(Context ctx, String username, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, null, "login"));
        params.put("username", username);
        params.put("error", error);
        web.render(ctx, "login/login.jte", params);
    }

    /** The code step; {@code secret} is the first step's, kept in a short-lived cookie (null keeps the one set). */
    private void codeForm(Context ctx, String secret, String username, String kind, String error) {
        if (secret != null) {
            web.setCookie(ctx, CHALLENGE_COOKIE, secret, (int) LoginService.CHALLENGE_LIFETIME.toSeconds());
        }
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, null, "login"));
        params.put("username", username == null ? "" : username);
        params.put("kind", kind);
        params.put("error", error);
        web.render(ctx, "login/code.jte", params);
    }

    /** The translated sentence for a failed step; service messages are English, so each kind has its own words. */
    private String error(Context ctx, ServiceException e, boolean codeStep) {
        var text = web.messages(ctx);
        String message = e.getMessage();
        return switch (e.kind()) {
            case TOO_MANY_REQUESTS -> text.t("login.error.locked");
            case INVALID_INPUT -> text.t(codeStep ? "login.error.code" : "login.error.required");
            case NOT_AUTHENTICATED -> message.contains("expired") ? text.t("login.error.expired")
                    : text.t(codeStep ? "login.error.code" : "login.error.credentials");
            case FORBIDDEN -> message.contains("disabled") && !message.contains("verification")
                    ? text.t("login.error.disabled")
                    : message.contains("not activated") ? text.t("login.error.inactive")
                    : text.t("login.error.forbidden", message);
            default -> text.t("login.error.forbidden", message);
        };
    }
}
