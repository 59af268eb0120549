package org.rdhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.auth.Totp;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.users.NewAccount;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/** The account settings page, the shell's menu for each kind of user, and the welcome page's counts. */
class ConsoleAccountTest extends OnEachDatabase {
    private static final String PASSWORD = "Correct-horse-9";

    private ConsoleBrowser admin;

    @BeforeEach
    void signInAdmin() {
        server.app().users().resetPassword(new Caller.CommandLine(), "admin", PASSWORD);
        admin = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(admin.signIn("admin", PASSWORD).status()).isEqualTo(303);
    }

    private User user(String name) {
        return server.app().database().withHandle(h -> new UserStore().findByName(h, name)).orElseThrow();
    }

    private String text(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void a_password_change_checks_the_current_password_the_repeat_and_the_policy() {
        admin.get("/account");

        Http.Response wrongCurrent = admin.submit("/account/password", "current_password", "nope",
                "new_password", "Another-pass-1", "confirm_password", "Another-pass-1");
        Http.Response mismatch = admin.submit("/account/password", "current_password", PASSWORD,
                "new_password", "Another-pass-1", "confirm_password", "Another-pass-2");
        Http.Response tooShort = admin.submit("/account/password", "current_password", PASSWORD,
                "new_password", "short", "confirm_password", "short");

        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(wrongCurrent.body()).contains("The current password is wrong.");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two new passwords are not the same.");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("between 8 and 128 characters");
        assertThat(new ConsoleBrowser(http).signIn("admin", PASSWORD).status()).isEqualTo(303);

        Http.Response changed = admin.submit("/account/password", "current_password", PASSWORD,
                "new_password", "Another-pass-1", "confirm_password", "Another-pass-1");

        assertThat(changed.status()).isEqualTo(303);
        assertThat(admin.get("/account?done=password").body()).contains("Your password has been changed.");
        assertThat(new ConsoleBrowser(http).signIn("admin", PASSWORD).status()).isEqualTo(401);
        assertThat(new ConsoleBrowser(http).signIn("admin", "Another-pass-1").status()).isEqualTo(303);
    }

    @Test
    void totp_is_set_up_with_a_qr_code_and_a_code_then_removed() {
        Http.Response page = admin.get("/account");
        assertThat(page.body()).contains("action=\"/account/totp\"").contains("data-testid=\"totp-state\">Off");

        assertThat(admin.submit("/account/totp").headers().firstValue("Location"))
                .hasValue("/account?done=totp_started#totp");
        Http.Response pending = admin.get("/account?done=totp_started");
        assertThat(pending.body()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<path fill=\"#000\"");
        Matcher secret = Pattern.compile("data-testid=\"totp-secret\">([A-Z2-7]+)<").matcher(pending.body());
        assertThat(secret.find()).isTrue();
        assertThat(user("admin").totpSecret()).isEqualTo(secret.group(1));

        Http.Response wrong = admin.submit("/account/totp/confirm", "code", "000000");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("The code does not match.").contains("<svg");
        assertThat(user("admin").totpEnabled()).isFalse();

        String code = Totp.code(Base32.decode(secret.group(1)), server.clock().millis() / 1000 / 30);
        assertThat(admin.submit("/account/totp/confirm", "code", code).headers().firstValue("Location"))
                .hasValue("/account?done=totp_on");
        assertThat(user("admin").totpEnabled()).isTrue();
        assertThat(admin.get("/account").body()).contains("data-testid=\"totp-state\">On")
                .contains("action=\"/account/totp/remove\"");
        // the next sign-in asks for the code
        assertThat(new ConsoleBrowser(http).signIn("admin", PASSWORD).body()).contains("action=\"/login/verify\"");

        assertThat(admin.submit("/account/totp/remove").status()).isEqualTo(303);
        assertThat(user("admin").totpEnabled()).isFalse();
        assertThat(user("admin").totpSecret()).isNull();
    }

    @Test
    void email_login_verification_is_turned_on_and_off_and_needs_an_address() {
        admin.get("/account");
        Http.Response noAddress = admin.submit("/account/email-verification", "email_verification", "on");
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.body()).contains("needs an email address");
        assertThat(user("admin").emailVerification()).isFalse();

        server.app().database().withHandle(h -> h.createUpdate("UPDATE users SET email = 'admin@example.com'")
                .execute());
        // without a mail server the next sign-in could not get its code
        Http.Response noMailServer = admin.submit("/account/email-verification", "email_verification", "on");
        assertThat(noMailServer.status()).isEqualTo(400);
        assertThat(noMailServer.body()).contains("needs a mail server");
        assertThat(user("admin").emailVerification()).isFalse();

        server.app().settings().set(new Caller.CommandLine(), ServerSetting.SMTP_HOST, "127.0.0.1");
        assertThat(admin.submit("/account/email-verification", "email_verification", "on")
                .headers().firstValue("Location")).hasValue("/account?done=email_on");
        assertThat(user("admin").emailVerification()).isTrue();
        assertThat(admin.get("/account").body()).contains("checked").contains("Codes are sent to admin@example.com.");
        assertThat(text("SELECT details FROM console_audits WHERE action = 'account.email-verification'"))
                .isEqualTo("on");

        // an unticked box sends nothing: off
        assertThat(admin.submit("/account/email-verification").headers().firstValue("Location"))
                .hasValue("/account?done=email_off");
        assertThat(user("admin").emailVerification()).isFalse();
    }

    @Test
    void administrators_see_the_whole_menu_and_counts_other_users_only_their_own_entries() {
        server.app().users().create(new Caller.CommandLine(), new NewAccount("ana", null, "", null, false),
                PASSWORD);

        Http.Response adminHome = admin.get("/");
        assertThat(adminHome.body()).contains("data-menu=\"menu.users\"").contains("data-menu=\"menu.user_groups\"")
                .contains("data-menu=\"menu.device_groups\"").contains("data-menu=\"menu.settings\"")
                .contains("data-testid=\"users-count\">2<").contains("data-testid=\"devices-online\">0 ");
        // entries not built yet are visibly coming, not links
        assertThat(adminHome.body()).contains("<a class=\"nav-link\" href=\"/users\" data-menu=\"menu.users\"")
                .contains("<span class=\"nav-link disabled\" aria-disabled=\"true\" data-menu=\"menu.strategies\">")
                .contains(">Soon<");

        ConsoleBrowser ana = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(ana.signIn("ana", PASSWORD).headers().firstValue("Location")).hasValue("/");
        Http.Response home = ana.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("data-menu=\"menu.welcome\"").contains("data-menu=\"menu.devices\"")
                .contains("data-menu=\"menu.logs\"").doesNotContain("data-menu=\"menu.users\"")
                .doesNotContain("data-menu=\"menu.settings\"").doesNotContain("data-testid=\"users-count\"")
                .contains(">User<");
        assertThat(ana.get("/account").status()).isEqualTo(200);
    }
}
