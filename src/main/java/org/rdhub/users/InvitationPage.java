package org.rdhub.users;

import io.javalin.http.Context;
import org.rdhub.common.ServiceException;

/**
 * The page behind an invitation link: {@code GET /invitation/{token}} shows a set-password form, {@code POST}
 * sets it. Self-contained HTML until the web console brings its templates; every value is escaped.
 */
public final class InvitationPage {
    private final UserInvitations invitations;

    public InvitationPage(UserInvitations invitations) {
        this.invitations = invitations;
    }

    /** {@code GET /invitation/{token}}. */
    public void show(Context ctx) {
        try {
            render(ctx, 200, form(invitations.pendingName(ctx.pathParam("token")), null));
        } catch (ServiceException e) {
            render(ctx, status(e), message("Invitation unavailable", e.getMessage()));
        }
    }

    /** {@code POST /invitation/{token}} with the form's {@code password} and {@code repeat}. */
    public void submit(Context ctx) {
        String token = ctx.pathParam("token");
        try {
            invitations.accept(token, ctx.formParam("password"), ctx.formParam("repeat"));
            render(ctx, 200, message("Password set",
                    "Your account is active. Sign in with your user name and the new password."));
        } catch (ServiceException e) {
            if (e.kind() != ServiceException.Kind.INVALID_INPUT) {
                render(ctx, status(e), message("Invitation unavailable", e.getMessage()));
                return;
            }
            // a password the policy refuses: the same form again, with the reason
            String name;
            try {
                name = invitations.pendingName(token);
            } catch (ServiceException gone) {
                render(ctx, status(gone), message("Invitation unavailable", gone.getMessage()));
                return;
            }
            render(ctx, 400, form(name, e.getMessage()));
        }
    }

    private static int status(ServiceException e) {
        return switch (e.kind()) {
            case FORBIDDEN -> 403;
            case INVALID_INPUT -> 400;
            default -> 404;
        };
    }

    private static String form(String name, String error) {
        return page("Choose your password", "<h1>Choose your password</h1>"
                + "<p>Account: <strong>" + escape(name) + "</strong></p>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
                + "<form method=\"post\">"
                + "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"new-password\""
                + " required autofocus></label>"
                + "<label>Repeat password <input type=\"password\" name=\"repeat\" autocomplete=\"new-password\""
                + " required></label>"
                + "<button type=\"submit\">Set password</button></form>");
    }

    private static String message(String title, String text) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · rdhub</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#222}"
                + "label{display:block;margin:1rem 0}input{display:block;width:100%;padding:.5rem;"
                + "box-sizing:border-box}button{padding:.5rem 1rem}.error{color:#b00020}"
                + "</style></head><body>" + body + "</body></html>";
    }

    private static void render(Context ctx, int status, String html) {
        // the token is in the address: keep it out of caches, referrers and other sites' frames
        ctx.header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "form-action 'self'; frame-ancestors 'none'")
                .status(status)
                .contentType("text/html; charset=utf-8")
                .result(html);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
