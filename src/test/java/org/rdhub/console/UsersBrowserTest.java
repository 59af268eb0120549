package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.support.Browser;
import org.rdhub.support.Http;
import org.rdhub.support.RustDeskClient;

/** The Users page in Chromium: the seed's two ways of creating users, assigning devices, the page in French. */
class UsersBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    @BeforeEach
    void adminPassword() {
        // past the initial password, which would send the administrator to the account page first
        server.app().users().resetPassword(new Caller.CommandLine(), "admin", PASSWORD);
    }

    private static Locator row(Page page, String name) {
        return page.getByTestId("users-list").locator("tr[data-row='" + name + "']");
    }

    private static void openUsers(Page page, String language) {
        page.locator("[data-menu='menu.users']").click();
        assertThat(page.locator("h2.page-title")).hasText(t(language, "users.title"));
    }

    private boolean exists(String name) {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM users WHERE name = :name").bind("name", name).mapTo(Long.class).one()) == 1;
    }

    @Test
    void a_user_group_then_a_user_in_it_made_in_spanish_and_the_user_signs_in() {
        String es = "es";
        Page page = browser.open(server, "es-ES");
        signIn(page, "admin", PASSWORD);

        // the seed's "Add a new Group", then "Creating a new user" in that group
        page.locator("[data-menu='menu.user_groups']").click();
        page.getByTestId("new-group").click();
        page.getByLabel(t(es, "groups.field.name")).fill("Support");
        page.getByTestId("save").click();
        assertThat(page.locator("[data-row='Support']")).isVisible();

        openUsers(page, es);
        page.getByTestId("user-create").click();
        page.getByLabel(t(es, "users.name")).fill("carla");
        page.getByLabel(t(es, "users.password"), new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        page.getByLabel(t(es, "users.password.confirm")).fill(PASSWORD);
        page.getByLabel(t(es, "users.email")).fill("carla@example.com");
        page.getByLabel(t(es, "users.group")).selectOption("Support");
        page.getByTestId("submit").click();

        assertThat(page.getByTestId("notice")).hasText(t(es, "users.done.created"));
        assertThat(row(page, "carla")).containsText("Support");
        assertThat(row(page, "carla")).containsText("carla@example.com");

        Page carla = browser.open(server);
        signIn(carla, "carla", PASSWORD);
        assertThat(carla.locator("h2.page-title")).hasText(t("en", "welcome.title"));
        assertThat(carla.getByTestId("account-menu")).containsText("carla");
    }

    @Test
    void creating_another_administrator_who_deletes_the_initial_admin() {
        Page page = browser.open(server);
        signIn(page, "admin", PASSWORD);
        openUsers(page, "en");
        page.getByTestId("user-create").click();
        page.getByLabel(t("en", "users.name")).fill("admin2");
        page.getByLabel(t("en", "users.password"), new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        page.getByLabel(t("en", "users.password.confirm")).fill(PASSWORD);
        page.getByTestId("user-form").getByLabel(t("en", "users.admin.label")).check();
        page.getByTestId("submit").click();
        assertThat(page.getByTestId("notice")).isVisible();

        Page admin2 = browser.open(server);
        signIn(admin2, "admin2", PASSWORD);
        assertThat(admin2.getByTestId("account-menu")).containsText(t("en", "account.role.admin"));
        openUsers(admin2, "en");
        admin2.onDialog(dialog -> dialog.accept());
        row(admin2, "admin").getByTestId("more").click();
        row(admin2, "admin").getByTestId("delete").click();

        assertThat(admin2.getByTestId("notice")).hasText(t("en", "users.done.deleted"));
        assertThat(row(admin2, "admin")).hasCount(0);
        assertThat(row(admin2, "admin2")).isVisible();
        assertThat(exists("admin")).isFalse();
        // the old administrator's session has ended with the account
        page.reload();
        assertThat(page).hasURL(server.http().base() + "/login");
    }

    @Test
    void batch_assigning_two_devices_to_a_user_from_the_more_menu() {
        createUser("bob", false, null);
        Http http = server.http();
        for (String id : List.of("111111111", "111111112", "222222222")) {
            assertThat(new RustDeskClient(http, id, "dXVpZC0" + id).sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        }
        Page page = browser.open(server);
        signIn(page, "admin", PASSWORD);
        openUsers(page, "en");

        row(page, "bob").getByTestId("more").click();
        row(page, "bob").getByTestId("assign-devices").click();
        assertThat(page.locator("h2.page-title")).hasText(t("en", "users.assign.title", "bob"));
        page.getByLabel(t("en", "users.assign.device_id")).fill("1111%");
        page.getByLabel(t("en", "users.assign.device_id")).press("Enter");
        Locator devices = page.getByTestId("devices-list");
        assertThat(devices.locator("tr[data-row]")).hasCount(2);
        page.getByLabel(t("en", "list.select") + " 111111111").check();
        page.getByLabel(t("en", "list.select") + " 111111112").check();
        page.getByTestId("assign").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "users.assign.done", "bob"));
        assertThat(devices.locator("tr[data-row='111111111'] [data-testid=owner]"))
                .hasText(t("en", "users.assign.already"));

        String token = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
                .json().get("access_token").asText();
        Map<String, String> owners = new HashMap<>();
        for (JsonNode device : http.get("/api/devices", Http.bearer(token)).json().get("data")) {
            owners.put(device.get("id").asText(), device.get("user_name").asText());
        }
        assertThat(owners).containsEntry("111111111", "bob").containsEntry("111111112", "bob")
                .containsEntry("222222222", "");
    }

    @Test
    void the_users_page_in_french_filters_as_you_type_a_pattern() {
        createUser("bob", false, "bob@example.com");
        createUser("bobette", false, null);
        createUser("zoe", true, null);
        Page page = browser.open(server, "fr-FR");
        signIn(page, "admin", PASSWORD);
        openUsers(page, "fr");

        assertThat(page.getByTestId("user-create")).hasText(t("fr", "users.create"));
        assertThat(page.locator("th[data-sort=group]")).hasText(t("fr", "users.group"));
        assertThat(page.getByTestId("pager-summary")).hasText(t("fr", "list.showing", 1, 4, 4));
        assertThat(row(page, "zoe").getByTestId("status")).hasText(t("fr", "state.enabled"));

        page.getByLabel(t("fr", "users.name")).fill("bob%");
        page.getByLabel(t("fr", "users.name")).press("Enter");
        assertThat(page.getByTestId("users-list").locator("tr[data-row]")).hasCount(2);
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*name=bob%25.*"));

        page.locator("th[data-sort=name] a").click();
        assertThat(page.getByTestId("users-list").locator("tr[data-row]").first())
                .hasAttribute("data-row", "bobette");
        page.getByLabel(t("fr", "users.admin")).selectOption("yes");
        page.getByTestId("users-query").click();
        assertThat(page.getByTestId("list-empty")).hasText(t("fr", "list.empty"));
    }
}
