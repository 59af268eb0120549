package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.devices.DeviceService;
import org.rdhub.support.Browser;
import org.rdhub.support.Http;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.NewAccount;

/**
 * The User Groups and Device Groups pages as an administrator uses them: the seed's "Add a new Group" (create two
 * groups, Edit one to let the other in, and the rule is both what the API lists and what the access policy lets
 * through), filling a device group with the device picker, and the pages in Spanish.
 */
class GroupsBrowserTest extends ConsoleBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static final String PEERS = "/api/peers?current=1&pageSize=100&accessible=&status=1";

    private void newGroup(Page page, String language, String name) {
        page.getByTestId("new-group").click();
        page.getByLabel(t(language, "groups.field.name")).fill(name);
        page.getByTestId("save").click();
        assertThat(page.getByTestId("notice")).hasText(t(language, "groups.done.created"));
    }

    private JsonNode apiGroup(String path, String token, String name) {
        Http.Response reply = server.http().get(path + "?pageSize=50&current=1&name=" + name, bearer(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("total").asInt()).isEqualTo(1);
        return reply.json().get("data").get(0);
    }

    private List<String> peersOf(String user) {
        String token = server.http().postJson("/api/login", "{\"username\":\"" + user + "\",\"password\":\""
                + PASSWORD + "\"}").json().get("access_token").asText();
        Http.Response reply = server.http().get(PEERS, bearer(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("data").forEach(peer -> ids.add(peer.get("id").asText()));
        return ids;
    }

    @Test
    void add_a_new_group_then_edit_it_to_let_another_group_in_and_the_rule_is_listed_and_enforced() {
        createUser("ada", true, null);
        Page page = browser.open(server);
        signIn(page, "ada", PASSWORD);

        page.locator("[data-menu='menu.user_groups']").click();
        assertThat(page.locator("h2.page-title")).hasText(t("en", "groups.user.title"));
        newGroup(page, "en", "Sales");
        newGroup(page, "en", "Support");
        // a Sales user's device, and a Support user who cannot reach it yet
        Caller cli = new Caller.CommandLine();
        server.app().users().create(cli, new NewAccount("sam", null, "", "Sales", false), PASSWORD);
        server.app().users().create(cli, new NewAccount("sue", null, "", "Support", false), PASSWORD);
        RustDeskClient samsPc = new RustDeskClient(server.http(), "333333333", "dXVpZC0z");
        samsPc.sysinfo();
        server.app().devices().assign(cli, new DeviceService.Assignment(samsPc.id(), samsPc.uuid(), "sam", null,
                null, null, null, null, null));
        assertThat(peersOf("sue")).doesNotContain("333333333");

        page.locator("[data-row='Sales'] [data-testid=edit]").click();
        page.getByLabel(t("en", "groups.user.incoming_groups")).selectOption("Support");
        page.getByTestId("save").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "groups.done.saved"));
        assertThat(page.locator("[data-row='Sales'] [data-testid=access]")).containsText("Support");
        assertThat(page.locator("[data-row='Support'] [data-testid=access]")).containsText("Sales");
        String token = server.apiToken(Resource.USER_GROUP, Level.READ);
        JsonNode sales = apiGroup("/api/user-groups", token, "Sales");
        JsonNode support = apiGroup("/api/user-groups", token, "Support");
        assertThat(sales.get("allowed_incomings").toString()).isEqualTo("[{\"type\":0,\"name\":\"Support\"}]");
        assertThat(support.get("allowed_outgoings").toString()).isEqualTo("[{\"type\":0,\"name\":\"Sales\"}]");
        assertThat(peersOf("sue")).contains("333333333");
        assertThat(peersOf("sam")).contains("333333333");

        // the other side's form shows the same rule, already chosen
        page.locator("[data-row='Support'] [data-testid=edit]").click();
        assertThat(page.getByLabel(t("en", "groups.user.outgoing_groups")).locator("option[value='Sales']"))
                .hasJSProperty("selected", true);
    }

    @Test
    void a_device_group_is_created_and_filled_with_two_devices_through_the_picker() {
        createUser("ada", true, null);
        for (String id : List.of("444444444", "555555555", "666666666")) {
            new RustDeskClient(server.http(), id, "dXVpZC" + id.charAt(0)).sysinfo();
        }
        Page page = browser.open(server);
        signIn(page, "ada", PASSWORD);

        page.locator("[data-menu='menu.device_groups']").click();
        newGroup(page, "en", "Kiosks");
        page.locator("[data-row='Kiosks'] [data-testid=group-name]").click();
        assertThat(page.locator("h2.page-title")).hasText(t("en", "groups.device.devices_of", "Kiosks"));
        page.getByLabel(t("en", "groups.device.find_id")).fill("%4%");
        page.getByLabel(t("en", "groups.device.find_id")).press("Enter");
        assertThat(page.locator("[data-testid=found]")).hasCount(1);
        page.getByLabel(t("en", "groups.device.find_id")).fill("");
        page.getByTestId("find").click();
        assertThat(page.locator("[data-testid=found]")).hasCount(3);
        page.locator("[data-testid=found][data-row='444444444'] input[name=id]").check();
        page.locator("[data-testid=found][data-row='555555555'] input[name=id]").check();
        page.getByTestId("add-selected").click();

        assertThat(page.getByTestId("notice")).hasText(t("en", "groups.done.added"));
        assertThat(page.locator("[data-testid=member]")).hasCount(2);
        String token = server.apiToken(Map.of(Resource.DEVICE_GROUP, Level.READ, Resource.DEVICE, Level.READ));
        assertThat(apiGroup("/api/device-groups", token, "Kiosks").get("device_count").asInt()).isEqualTo(2);
        Http.Response devices = server.http().get("/api/devices?pageSize=50&current=1&device_group_name=Kiosks",
                bearer(token));
        List<String> ids = new ArrayList<>();
        devices.json().get("data").forEach(device -> ids.add(device.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder("444444444", "555555555");

        page.locator("[data-testid=member][data-row='555555555'] input[name=id]").check();
        page.getByTestId("remove-selected").click();
        assertThat(page.getByTestId("notice")).hasText(t("en", "groups.done.removed"));
        assertThat(page.locator("[data-testid=member]")).hasCount(1);
        if (System.getProperty("groups.screenshots") != null) {
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/groups-devices.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void the_pages_speak_spanish_and_refuse_deleting_the_default_group_in_spanish() {
        createUser("ada", true, null);
        Page page = browser.open(server, "es-ES");
        signIn(page, "ada", PASSWORD);

        page.locator("[data-menu='menu.user_groups']").click();
        assertThat(page.locator("h2.page-title")).hasText(t("es", "groups.user.title"));
        newGroup(page, "es", "Ventas");
        page.getByTestId("new-group").click();
        page.getByLabel(t("es", "groups.field.name")).fill("VENTAS");
        page.getByTestId("save").click();
        assertThat(page.getByTestId("form-error")).hasText(t("es", "groups.error.name_taken", "VENTAS"));
        page.getByText(t("es", "action.cancel")).click();

        page.onDialog(dialog -> dialog.accept());
        page.locator("[data-row='Default'] input[name=guid]").check();
        page.getByTestId("delete-selected").click();
        assertThat(page.getByTestId("list-error")).hasText(t("es", "groups.error.default_group"));
        assertThat(page.locator("[data-row='Default']")).hasCount(1);
        if (System.getProperty("groups.screenshots") != null) {
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/groups-list.png")));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/groups-list-phone.png"))
                    .setFullPage(true));
            page.setViewportSize(1280, 800);
            page.locator("[data-row='Ventas'] [data-testid=edit]").click();
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/groups-form.png"))
                    .setFullPage(true));
        }
    }
}
