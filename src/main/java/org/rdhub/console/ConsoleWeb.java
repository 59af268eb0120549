package org.rdhub.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.rdhub.access.Caller;
import org.rdhub.auth.ConsoleSessions;
import org.rdhub.auth.SecretTokens;
import org.rdhub.users.User;
import org.rdhub.users.UserService;

/**
 * What every console page shares: the session cookie and who it signs in, the CSRF token, the language, cookies with
 * the right flags, and rendering a template. Handlers stay thin: they ask this, call one service, render.
 */
public final class ConsoleWeb {
    static final String SESSION_COOKIE = "rdhub_session";
    static final String CSRF_COOKIE = "rdhub_csrf";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "rdhub.console.caller";
    private static final String CSRF = "rdhub.console.csrf";
    private static final int SESSION_COOKIE_SECONDS = (int) ConsoleSessions.MAX_AGE.toSeconds();
    private static final int YEAR_SECONDS = 365 * 24 * 3600;

    /** The signed-in user of a console request: as the services see them, and as stored now. */
    public record Signed(Caller.User caller, User user) {
    }

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final ConsoleSessions sessions;
    private final UserService users;
    private final ConsoleText text;
    private final boolean httpsPublicUrl;

    public ConsoleWeb(ConsoleSessions sessions, UserService users, ConsoleText text, boolean httpsPublicUrl) {
        this.sessions = sessions;
        this.users = users;
        this.text = text;
        this.httpsPublicUrl = httpsPublicUrl;
    }

    /** Console failures answer as pages (a redirect, a 403 page), never as the API's JSON. */
    public static void register(RoutesConfig routes) {
        routes.exception(Halt.class, (e, ctx) -> e.reply(ctx));
    }

    /** Who the session cookie signs in, or an anonymous caller; worked out once per request. */
    public Caller caller(Context ctx) {
        Caller cached = ctx.attribute(CALLER);
        if (cached == null) {
            cached = sessions.authenticate(ctx.cookie(SESSION_COOKIE), ctx.ip());
            ctx.attribute(CALLER, cached);
        }
        return cached;
    }

    /**
     * The signed-in user, or a halt: pages redirect to {@code /login}, htmx requests get {@code HX-Redirect}. A user
     * who must change their password, or set up TOTP their administrator enforces, is sent to the account page first.
     */
    public Signed signedIn(Context ctx) {
        if (!(caller(ctx) instanceof Caller.User caller)) {
            throw new Halt(c -> toLogin(c));
        }
        User user = users.self(caller);
        if (mustVisitAccount(user) && !ctx.path().startsWith("/account")) {
            throw new Halt(c -> redirect(c, "/account"));
        }
        return new Signed(caller, user);
    }

    /** The initial password is still set, or TOTP is enforced and not set up: nothing else until that is done. */
    static boolean mustVisitAccount(User user) {
        return user.mustChangePassword() || (user.tfaEnforced() && !user.totpEnabled());
    }

    /** The console's paths: all but the API, the static files, the invitation links and the probes. */
    public static boolean isConsolePath(String path) {
        return !(path.equals("/api") || path.startsWith("/api/") || path.startsWith("/webjars/")
                || path.startsWith("/invitation/") || path.equals("/health") || path.equals("/metrics"));
    }

    /**
     * Refuses a form POST or an htmx request to a console path without this session's CSRF token, with a 403 page.
     * Runs before every request, so no console handler can forget it.
     */
    public void checkCsrf(Context ctx) {
        if (!isConsolePath(ctx.path())) {
            return;
        }
        boolean needed = ctx.method() == HandlerType.POST || ctx.header("HX-Request") != null;
        if (!needed) {
            return;
        }
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                csrfToken(ctx).getBytes(StandardCharsets.UTF_8))) {
            throw new Halt(c -> errorPage(c, 403, "error.csrf.title", "error.csrf.message"));
        }
    }

    /**
     * The CSRF token: derived from the session secret while signed in (so it lives and dies with the session), and
     * before sign-in a random value in its own cookie that the sign-in form must repeat.
     */
    public String csrfToken(Context ctx) {
        String cached = ctx.attribute(CSRF);
        if (cached != null) {
            return cached;
        }
        String session = ctx.cookie(SESSION_COOKIE);
        String token;
        if (session != null && !session.isBlank()) {
            token = SecretTokens.hash("csrf:" + session);
        } else {
            token = ctx.cookie(CSRF_COOKIE);
            if (token == null || token.length() < 32) {
                token = SecretTokens.newSecret();
                setCookie(ctx, CSRF_COOKIE, token, -1);
            }
        }
        ctx.attribute(CSRF, token);
        return token;
    }

    /** Starts using a new session secret in this response (after sign-in or a password change). */
    public void useSession(Context ctx, String secret) {
        setCookie(ctx, SESSION_COOKIE, secret, SESSION_COOKIE_SECONDS);
        ctx.attribute(CSRF, SecretTokens.hash("csrf:" + secret));
    }

    public void endSession(Context ctx) {
        sessions.end(ctx.cookie(SESSION_COOKIE));
        setCookie(ctx, SESSION_COOKIE, "", 0);
    }

    public ConsoleText.Messages messages(Context ctx) {
        return text.of(ctx);
    }

    public void rememberLanguage(Context ctx, String language) {
        setCookie(ctx, ConsoleText.COOKIE, language, YEAR_SECONDS);
    }

    /** The model every template gets; {@code signed} is null on the sign-in pages. */
    public Page page(Context ctx, Signed signed, String active) {
        Page.Viewer viewer = signed == null ? null : new Page.Viewer(signed.user().name(), signed.user().admin());
        return new Page(messages(ctx), csrfToken(ctx), viewer, active, ctx.path());
    }

    public void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    /**
     * A failure no console handler turned into a page (an unknown path, a refusal of a service): an error page with
     * the status, in the viewer's language. Requests outside the console are left to the API's JSON.
     */
    public boolean failurePage(Context ctx, int status, String message) {
        if (!isConsolePath(ctx.path())) {
            return false;
        }
        String kind = switch (status) {
            case 403, 404 -> Integer.toString(status);
            default -> status >= 500 ? "500" : "400";
        };
        Page page = page(ctx, null, "");
        ctx.status(status);
        // the service's own message is English; the title says the same in the viewer's language
        render(ctx, "errors/error.jte", Map.of("page", page, "title", page.t("error." + kind + ".title"),
                "message", status >= 500 || status == 404 ? page.t("error." + kind + ".message") : message));
        return true;
    }

    public void errorPage(Context ctx, int status, String titleKey, String messageKey) {
        Page page = page(ctx, null, "");
        ctx.status(status);
        render(ctx, "errors/error.jte", Map.of("page", page, "title", page.t(titleKey),
                "message", page.t(messageKey)));
    }

    /** A redirect after a form or to another page; htmx requests get {@code HX-Redirect} instead. */
    public static void redirect(Context ctx, String location) {
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", location).status(200);
        } else {
            ctx.redirect(location, HttpStatus.SEE_OTHER);
        }
    }

    private static void toLogin(Context ctx) {
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", "/login").status(401);
        } else {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        }
    }

    /** HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over https or the public URL is https. */
    void setCookie(Context ctx, String name, String value, int maxAgeSeconds) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value).append("; Path=/");
        if (maxAgeSeconds >= 0) {
            cookie.append("; Max-Age=").append(maxAgeSeconds);
        }
        cookie.append("; HttpOnly; SameSite=Lax");
        if (httpsPublicUrl || "https".equalsIgnoreCase(ctx.scheme())) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    /** A form field's value, or an empty string when the form did not send it. */
    public static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }

    /** A same-site path to go back to, or the welcome page. */
    public static String localPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")
                || path.chars().anyMatch(Character::isISOControl)) {
            return "/";
        }
        return path;
    }
}
