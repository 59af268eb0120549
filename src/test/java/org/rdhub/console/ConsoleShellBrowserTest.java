package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.support.Browser;

/** The console around every page in Chromium: its three languages and the menu each kind of user sees. */
class ConsoleShellBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static final List<String> ADMIN_ONLY = List.of("menu.users", "menu.user_groups", "menu.device_groups",
            "menu.strategies", "menu.address_books", "menu.settings");

    private static List<String> menu(Page page) {
        assertThat(page.getByTestId("menu")).isVisible();
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) page.getByTestId("menu").locator("[data-menu]")
                .evaluateAll("items => items.map(item => item.dataset.menu)");
        return keys;
    }

    private static void chooseLanguage(Page page, String current, String language) {
        page.getByLabel(t(current, "lang.choose")).click();
        page.locator(".dropdown-menu a[lang=" + language + "]").click();
    }

    @Test
    void the_console_speaks_the_browsers_language_until_the_user_picks_another() {
        assertThat(t("fr", "login.heading")).isNotEqualTo(t("en", "login.heading"));
        Page page = browser.open(server, "fr-FR");

        page.navigate("/login");

        assertThat(page.locator("html")).hasAttribute("lang", "fr");
        assertThat(page.locator("h1")).hasText(t("fr", "login.heading"));
        assertThat(page.locator("label[for=password]")).hasText(t("fr", "login.password"));
    }

    @Test
    void switching_to_spanish_then_french_translates_every_page_and_is_remembered() {
        assertThat(t("es", "welcome.title")).isNotEqualTo(t("en", "welcome.title"));
        assertThat(t("fr", "menu.devices")).isNotEqualTo(t("es", "menu.devices"));
        createUser("alice", true, null);
        Page page = browser.open(server);
        page.navigate("/login");
        assertThat(page.locator("h1")).hasText(t("en", "login.heading"));

        chooseLanguage(page, "en", "es");
        assertThat(page.locator("h1")).hasText(t("es", "login.heading"));
        signIn(page, "alice", PASSWORD);
        assertThat(page.locator("h2.page-title")).hasText(t("es", "welcome.title"));
        assertThat(page.locator("[data-menu='menu.devices']")).containsText(t("es", "menu.devices"));
        assertThat(page.getByText(t("es", "welcome.hello", "alice"))).isVisible();

        page.navigate("/account");
        chooseLanguage(page, "es", "fr");
        assertThat(page).hasURL(server.http().base() + "/account");
        assertThat(page.locator("html")).hasAttribute("lang", "fr");
        assertThat(page.locator("h2.page-title")).hasText(t("fr", "account.settings"));
        assertThat(page.locator("label[for=current_password]")).hasText(t("fr", "account.password.current"));
        page.navigate("/");
        assertThat(page.locator("h2.page-title")).hasText(t("fr", "welcome.title"));
        assertThat(page.locator("[data-menu='menu.devices']")).containsText(t("fr", "menu.devices"));
    }

    @Test
    void an_administrator_sees_every_menu_entry() {
        createUser("alice", true, null);
        Page page = browser.open(server);

        signIn(page, "alice", PASSWORD);

        assertThat(menu(page)).containsAll(ADMIN_ONLY).contains("menu.welcome", "menu.devices", "menu.logs");
        assertThat(page.getByTestId("account-menu")).containsText(t("en", "account.role.admin"));
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_no_administration_entries() {
        createUser("bob", false, null);
        Page page = browser.open(server);

        signIn(page, "bob", PASSWORD);

        assertThat(menu(page)).containsExactly("menu.welcome", "menu.devices", "menu.logs")
                .doesNotContainAnyElementsOf(ADMIN_ONLY);
        assertThat(page.getByTestId("account-menu")).containsText(t("en", "account.role.user"));
        assertThat(page.getByTestId("users-count")).hasCount(0);
        for (String key : ADMIN_ONLY) {
            // "Settings" alone is also the account menu's entry, which everyone has: look in the left menu only
            assertThat(page.getByTestId("menu").getByText(t("en", key), new Locator.GetByTextOptions()
                    .setExact(true))).hasCount(0);
        }
    }
}
