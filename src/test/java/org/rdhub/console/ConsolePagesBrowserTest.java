package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.support.Browser;

/** Console pages doing their work in Chromium: htmx refreshing the welcome counts, setting up TOTP by hand. */
class ConsolePagesBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void the_welcome_counts_refresh_every_30_seconds_through_htmx() {
        createUser("alice", true, null);
        Page page = browser.open(server);
        page.clock().install();
        signIn(page, "alice", PASSWORD);
        assertThat(page.getByTestId("users-count")).hasText("2");

        createUser("bob", false, null);
        page.clock().runFor(30_000);

        // the poll is an htmx request, which the server refuses without the page's CSRF header
        assertThat(page.getByTestId("users-count")).hasText("3");
        assertThat(page.locator("h2.page-title")).hasText(t("en", "welcome.title"));
    }

    @Test
    void totp_set_up_on_the_account_page_with_its_qr_code_is_asked_for_at_the_next_sign_in() {
        createUser("bob", false, null);
        Page page = browser.open(server);
        signIn(page, "bob", PASSWORD);
        page.navigate("/account");
        assertThat(page.getByTestId("totp-state")).hasText(t("en", "account.state.off"));

        page.locator("form[action='/account/totp'] button").click();
        assertThat(page.getByTestId("totp-qr").locator("svg, img")).isVisible();
        String secret = page.getByTestId("totp-secret").textContent().strip();
        page.locator("#totp_code").fill(totpCode(secret, 0));
        page.locator("form[action='/account/totp/confirm'] button").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "account.done.totp_on"));
        assertThat(page.getByTestId("totp-state")).hasText(t("en", "account.state.on"));
        Page later = browser.open(server);
        signIn(later, "bob", PASSWORD);
        assertThat(later.getByText(t("en", "login.code.totp"))).isVisible();
        server.clock().advance(Duration.ofSeconds(30)); // the code used to confirm is spent; wait for the next
        later.locator("#code").fill(totpCode(secret, 0));
        later.locator("form[action='/login/verify'] button[type=submit]").click();
        assertThat(later).hasURL(server.http().base() + "/");
        assertThat(later.getByText(t("en", "welcome.hello", "bob"))).isVisible();
    }
}
