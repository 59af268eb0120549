package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.support.Browser;

/** The welcome page in Chromium: the chart is drawn and the copy buttons put the right text on the clipboard. */
class WelcomeBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void an_administrator_sees_the_chart_and_copies_the_key_and_the_config_string() {
        createUser("boss", true, null);
        server.app().onlineHistory().sample();
        server.clock().advance(Duration.ofMinutes(5));
        server.app().onlineHistory().sample();
        Page page = browser.open(server);
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));

        signIn(page, "boss", PASSWORD);

        assertThat(page.getByTestId("online-chart")).isVisible();
        // Chart.js has drawn: the canvas got its size from the library
        assertThat((Integer) page.getByTestId("online-chart").evaluate("canvas => canvas.width")).isGreaterThan(0);
        assertThat(page.getByTestId("mobile-qr").locator("svg")).isVisible();

        String key = page.getByTestId("server-key").inputValue();
        assertThat(key).isEqualTo(server.app().serverKey().publicKeyBase64());
        page.locator("button[data-copy=server-key]").click();
        assertThat(page.locator("button[data-copy=server-key]")).hasText(t("en", "welcome.copied"));
        assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(key);

        page.locator("button[data-copy=exe-name]").click();
        assertThat((String) page.evaluate("navigator.clipboard.readText()")).startsWith("rustdesk-licensed-")
                .endsWith(".exe");
    }

    @Test
    void another_host_makes_a_new_config_string() {
        createUser("boss", true, null);
        Page page = browser.open(server, "fr-FR");
        signIn(page, "boss", PASSWORD);
        String before = page.getByTestId("config-string").inputValue();

        page.getByText(t("fr", "welcome.setup.other_host")).click();
        page.getByLabel(t("fr", "welcome.setup.host")).fill("rd.example.com");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(t("fr", "welcome.setup.submit"))).click();

        assertThat(page.getByTestId("id-server")).hasText("rd.example.com");
        assertThat(page.getByTestId("config-string").inputValue()).isNotEqualTo(before);
    }
}
