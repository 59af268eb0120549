package org.rdhub.console;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rdhub.auth.ConsoleSessions;
import org.rdhub.auth.PasswordPolicy;
import org.rdhub.auth.Totp;
import org.rdhub.auth.TotpEnrollment;
import org.rdhub.common.ServiceException;
import org.rdhub.http.ApiErrors;
import org.rdhub.users.User;
import org.rdhub.users.UserService;

/**
 * The account menu's Settings: the signed-in user's own password, two-factor sign-in (TOTP with a QR code) and
 * email sign-in codes. The rules are the services'; a failed change shows the form again with the reason.
 */
public final class AccountPages {
    private static final Set<String> NOTICES = Set.of("password", "totp_on", "totp_off", "email_on", "email_off",
            "totp_started");

    private final UserService users;
    private final TotpEnrollment totp;
    private final ConsoleSessions sessions;
    private final ConsoleWeb web;

    public AccountPages(UserService users, TotpEnrollment totp, ConsoleSessions sessions, ConsoleWeb web) {
        this.users = users;
        this.totp = totp;
        this.sessions = sessions;
        this.web = web;
    }

    public void show(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String notice = ctx.queryParam("done");
        render(ctx, signed, notice != null && NOTICES.contains(notice) ? notice : null, null, null);
    }

    public void changePassword(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        String password = ctx.formParam("new_password");
        if (password == null || !password.equals(ctx.formParam("confirm_password"))) {
            ctx.status(400);
            render(ctx, signed, null, "password", web.messages(ctx).t("account.password.mismatch"));
            return;
        }
        try {
            users.changeOwnPassword(signed.caller(), ctx.formParam("current_password"), password);
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            render(ctx, signed, null, "password", passwordError(ctx, e));
            return;
        }
        // the change ended every session of this user; this browser carries on in a new one
        web.useSession(ctx, sessions.start(users.self(signed.caller()), ctx.ip(), ctx.userAgent()));
        ConsoleWeb.redirect(ctx, "/account?done=password");
    }

    public void beginTotp(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        totp.begin(signed.caller());
        ConsoleWeb.redirect(ctx, "/account?done=totp_started#totp");
    }

    public void confirmTotp(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        try {
            totp.confirm(signed.caller(), ctx.formParam("code"));
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            render(ctx, signed, null, "totp", web.messages(ctx).t("account.totp.wrong_code"));
            return;
        }
        ConsoleWeb.redirect(ctx, "/account?done=totp_on");
    }

    public void removeTotp(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        totp.remove(signed.caller());
        ConsoleWeb.redirect(ctx, "/account?done=totp_off");
    }

    public void emailVerification(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        boolean on = "on".equals(ctx.formParam("email_verification"));
        try {
            users.setOwnEmailVerification(signed.caller(), on);
        } catch (ServiceException e) {
            ctx.status(ApiErrors.status(e.kind()));
            render(ctx, signed, null, "email", web.messages(ctx).t(e.getMessage().contains("mail server")
                    ? "account.email.needs_mail" : "account.email.needs_address"));
            return;
        }
        ConsoleWeb.redirect(ctx, "/account?done=" + (on ? "email_on" : "email_off"));
    }

    private void render(Context ctx, ConsoleWeb.Signed signed, String notice, String errorSection, String error) {
        User user = users.self(signed.caller());
        boolean pending = user.totpSecret() != null && !user.totpEnabled();
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "account"));
        params.put("user", user);
        params.put("notice", notice);
        params.put("errorSection", errorSection == null ? "" : errorSection);
        params.put("error", error);
        params.put("totpSecret", pending ? user.totpSecret() : null);
        params.put("totpQr", pending ? Qr.svg(Totp.uri(TotpEnrollment.ISSUER, user.name(), user.totpSecret())) : null);
        web.render(ctx, "account/account.jte", params);
    }

    private String passwordError(Context ctx, ServiceException e) {
        var text = web.messages(ctx);
        String message = e.getMessage();
        if (message.contains("current password")) {
            return text.t("account.password.wrong_current");
        }
        if (message.contains("differ")) {
            return text.t("account.password.same");
        }
        return text.t("account.password.policy", PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH);
    }
}
