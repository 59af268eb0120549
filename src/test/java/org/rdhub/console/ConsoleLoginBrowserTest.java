package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Page;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Browser;
import org.rdhub.users.UserService;

/** Signing in to the console in Chromium: password, then TOTP or an emailed code; errors; the first admin password. */
class ConsoleLoginBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private String url(String path) {
        return server.http().base() + path;
    }

    private void assertWelcome(Page page, String name) {
        assertThat(page).hasURL(url("/"));
        assertThat(page.locator("h2.page-title")).hasText(t("en", "welcome.title"));
        assertThat(page.getByText(t("en", "welcome.hello", name))).isVisible();
    }

    @Test
    void a_visitor_is_sent_to_sign_in_and_a_password_signs_them_in() {
        createUser("alice", true, null);
        Page page = browser.open(server);

        page.navigate("/");
        assertThat(page).hasURL(url("/login"));
        signIn(page, "alice", PASSWORD);

        assertWelcome(page, "alice");
        assertThat(page.getByTestId("account-menu")).containsText("alice");
        assertThat(page.getByTestId("users-count")).hasText("2");
    }

    @Test
    void a_wrong_password_shows_the_error_and_keeps_the_name() {
        createUser("alice", true, null);
        Page page = browser.open(server);

        signIn(page, "alice", "not-the-password");

        assertThat(page).hasURL(url("/login"));
        assertThat(page.getByTestId("login-error")).hasText(t("en", "login.error.credentials"));
        assertThat(page.locator("#username")).hasValue("alice");
        assertThat(page.locator("#password")).isEmpty();
        page.navigate("/");
        assertThat(page).hasURL(url("/login"));
    }

    @Test
    void an_account_with_totp_is_asked_for_the_authenticator_code() {
        String secret = enrolTotp(createUser("bob", false, null));
        Page page = browser.open(server);

        signIn(page, "bob", PASSWORD);
        assertThat(page.locator("h1")).hasText(t("en", "login.code.heading"));
        assertThat(page.getByText(t("en", "login.code.totp"))).isVisible();
        page.locator("#code").fill("000000");
        page.locator("form[action='/login/verify'] button[type=submit]").click();
        assertThat(page.getByTestId("login-error")).hasText(t("en", "login.error.code"));
        page.locator("#code").fill(totpCode(secret, 0));
        page.locator("form[action='/login/verify'] button[type=submit]").click();

        assertWelcome(page, "bob");
    }

    @Test
    void an_account_with_email_verification_signs_in_with_the_mailed_code() throws Exception {
        var cli = new Caller.CommandLine();
        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
        Caller.User carol = createUser("carol", false, "carol@example.com");
        server.app().users().setOwnEmailVerification(carol, true);
        Page page = browser.open(server);

        signIn(page, "carol", PASSWORD);
        assertThat(page.getByText(t("en", "login.code.email"))).isVisible();
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        var message = mail.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("carol@example.com");
        Matcher code = Pattern.compile("code is (\\d{6})").matcher(GreenMailUtil.getBody(message));
        assertThat(code.find()).isTrue();
        page.locator("#code").fill(code.group(1));
        page.locator("form[action='/login/verify'] button[type=submit]").click();

        assertWelcome(page, "carol");
    }

    @Test
    void the_first_administrator_must_change_the_initial_password_before_anything_else() {
        Page page = browser.open(server);

        signIn(page, UserService.INITIAL_ADMIN, UserService.INITIAL_PASSWORD);
        assertThat(page).hasURL(url("/account"));
        assertThat(page.getByTestId("must-change")).hasText(t("en", "account.password.required"));
        page.navigate("/");
        assertThat(page).hasURL(url("/account"));

        page.locator("#current_password").fill(UserService.INITIAL_PASSWORD);
        page.locator("#new_password").fill("Brand-new-pass-1");
        page.locator("#confirm_password").fill("Brand-new-pass-1");
        page.locator("form#password button[type=submit]").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "account.done.password"));
        assertThat(page.getByTestId("must-change")).hasCount(0);
        page.navigate("/");
        assertWelcome(page, UserService.INITIAL_ADMIN);
        assertThat(server.app().users().adminsWithInitialPassword()).isEmpty();
        Page later = browser.open(server);
        signIn(later, UserService.INITIAL_ADMIN, UserService.INITIAL_PASSWORD);
        assertThat(later.getByTestId("login-error")).hasText(t("en", "login.error.credentials"));
        signIn(later, UserService.INITIAL_ADMIN, "Brand-new-pass-1");
        assertWelcome(later, UserService.INITIAL_ADMIN);
    }

    @Test
    void logging_out_ends_the_session() {
        createUser("alice", true, null);
        Page page = browser.open(server);
        signIn(page, "alice", PASSWORD);
        assertWelcome(page, "alice");

        page.getByTestId("account-menu").click();
        page.getByText(t("en", "account.logout")).click();

        assertThat(page).hasURL(url("/login"));
        page.navigate("/account");
        assertThat(page).hasURL(url("/login"));
    }
}
