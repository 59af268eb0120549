package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.support.Browser;
import org.rdhub.support.RustDeskClient;

/** The Devices page in Chromium: searching with %, editing a device, disabling two at once, who sees what. */
class DevicesBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    /** Registers a device as its RustDesk client does, under {@code hostname}. */
    private RustDeskClient register(String id, String hostname) {
        var client = new RustDeskClient(server.http(), id, "uuid-" + id);
        var reply = server.http().postJson("/api/sysinfo",
                client.sysinfoBody("").replace("\"desk-1\"", "\"" + hostname + "\""));
        assertThat(reply.body()).isEqualTo("SYSINFO_UPDATED");
        return client;
    }

    /** The device as the REST API lists it, read with an administrator's token. */
    private JsonNode apiDevice(String rustdeskId) {
        String token = server.apiToken(Resource.DEVICE, Level.READ);
        var reply = server.http().get("/api/devices?id=" + rustdeskId, bearer(token));
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("data").get(0);
    }

    private static Locator rows(Page page) {
        return page.getByTestId("devices-list").locator("tbody tr[data-row]");
    }

    private void openDevices(Page page, String user) {
        signIn(page, user, PASSWORD);
        page.locator("[data-menu='menu.devices']").click();
        assertThat(page.getByTestId("devices-list")).isVisible();
    }

    @Test
    void searching_for_a_device_with_percent_wildcards_keeps_the_matching_rows_and_the_filter_in_the_address() {
        createUser("alice", true, null);
        register("300000001", "alpha-laptop");
        register("300000002", "bravo-desk");
        register("300000003", "charlie-laptop");
        Page page = browser.open(server);
        openDevices(page, "alice");
        assertThat(rows(page)).hasCount(3);

        page.getByLabel(t("en", "devices.filter.name")).fill("%lap%");
        page.getByLabel(t("en", "devices.filter.name")).press("Enter");

        assertThat(rows(page)).hasCount(2);
        assertThat(page.locator("tr[data-row='300000002']")).hasCount(0);
        assertThat(page).hasURL(Pattern.compile("/devices\\?name=%25lap%25&sort=id$"));
        page.reload();
        assertThat(rows(page)).hasCount(2);
        assertThat(page.getByLabel(t("en", "devices.filter.name"))).hasValue("%lap%");

        // the headers sort the filtered list, the second click the other way round
        Locator nameHeader = page.locator("th[data-sort='name'] a");
        nameHeader.click();
        assertThat(page).hasURL(Pattern.compile("name=%25lap%25&sort=name$"));
        page.locator("th[data-sort='name'] a").click();
        assertThat(page).hasURL(Pattern.compile("name=%25lap%25&sort=name&dir=desc$"));
        assertThat(rows(page).first()).hasAttribute("data-row", "300000003");
        assertThat(rows(page)).hasCount(2);
    }

    @Test
    void a_device_edited_in_the_browser_has_its_user_group_and_note_in_the_api() {
        createUser("alice", true, null);
        createUser("mike", false, null);
        server.app().database().useTransaction(h -> new DeviceGroupStore().insert(h, "Lab", "", 1));
        register("300000001", "alpha-laptop");
        register("300000002", "bravo-desk");
        Page page = browser.open(server);
        openDevices(page, "alice");

        page.locator("tr[data-row='300000002']").getByTestId("edit").click();
        page.getByLabel(t("en", "devices.column.user")).selectOption("mike");
        page.getByLabel(t("en", "devices.column.device_group")).selectOption("Lab");
        page.getByLabel(t("en", "devices.column.note")).fill("Front desk, 2nd floor");
        page.getByTestId("save").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "devices.done.edited"));
        Locator row = page.locator("tr[data-row='300000002']");
        assertThat(row.getByTestId("device-user")).hasText("mike");
        assertThat(row.getByTestId("device-group")).hasText("Lab");
        JsonNode device = apiDevice("300000002");
        assertThat(device.get("user_name").asText()).isEqualTo("mike");
        assertThat(device.get("device_group_name").asText()).isEqualTo("Lab");
        assertThat(device.get("note").asText()).isEqualTo("Front desk, 2nd floor");
        assertThat(apiDevice("300000001").get("user_name").asText()).isEmpty();
    }

    @Test
    void two_selected_devices_are_disabled_at_once() {
        createUser("alice", true, null);
        register("300000001", "alpha-laptop");
        register("300000002", "bravo-desk");
        register("300000003", "charlie-laptop");
        Page page = browser.open(server);
        openDevices(page, "alice");

        page.locator("tr[data-row='300000001'] input[name=guid]").check();
        page.locator("tr[data-row='300000003'] input[name=guid]").check();
        page.getByTestId("bulk-disable").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "devices.done.disabled"));
        assertThat(page.locator("tr[data-row='300000001']")).hasAttribute("data-enabled", "false");
        assertThat(page.locator("tr[data-row='300000002']")).hasAttribute("data-enabled", "true");
        assertThat(apiDevice("300000001").get("status").asInt()).isZero();
        assertThat(apiDevice("300000003").get("status").asInt()).isZero();
        assertThat(apiDevice("300000002").get("status").asInt()).isEqualTo(1);
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_only_their_own_devices() {
        Caller.User mike = createUser("mike", false, null);
        RustDeskClient own = register("300000001", "mike-laptop");
        register("300000002", "bravo-desk");
        server.app().devices().assign(new Caller.CommandLine(),
                apiDevice(own.id()).get("guid").asText(), "user_name", mike.name());
        Page page = browser.open(server);
        openDevices(page, "mike");

        assertThat(rows(page)).hasCount(1);
        assertThat(page.locator("tr[data-row='300000001']")).isVisible();
        assertThat(page.getByTestId("bulk-disable")).hasCount(0);
        assertThat(page.getByTestId("edit")).hasCount(0);
    }

    @Test
    void the_page_in_spanish_has_spanish_column_headers() {
        createUser("alice", true, null);
        register("300000001", "alpha-laptop");
        Page page = browser.open(server, "es-ES");
        openDevices(page, "alice");

        Locator headers = page.getByTestId("devices-list").locator("thead th");
        assertThat(page.locator("h2.page-title")).hasText(t("es", "devices.title"));
        assertThat(headers.filter(new Locator.FilterOptions().setHasText(t("es", "devices.column.last_online"))))
                .hasCount(1);
        assertThat(page.getByRole(AriaRole.COLUMNHEADER, new Page.GetByRoleOptions()
                .setName(t("es", "devices.column.device_group")))).isVisible();
        assertThat(page.getByRole(AriaRole.COLUMNHEADER, new Page.GetByRoleOptions()
                .setName(t("es", "devices.column.user")).setExact(true))).isVisible();
        assertThat(t("es", "devices.column.last_online")).isEqualTo("Última conexión");
    }
}
