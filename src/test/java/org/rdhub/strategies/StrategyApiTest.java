package org.rdhub.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.Ids;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.UserStore;

/**
 * The strategy calls as Pro's strategies.py sends them: {@code Content-Type: application/json} on every request
 * (GET included), a bare JSON boolean for the status, guids in the assign body.
 */
class StrategyApiTest extends OnEachDatabase {
    static final Caller CLI = new Caller.CommandLine();
    static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    String rw;
    RustDeskClient client;

    @BeforeEach
    void start() {
        rw = server.apiToken(Resource.STRATEGY, Level.READ_WRITE);
        client = new RustDeskClient(http, "1849118658", "bWFjaGluZS1pZC0x");
        client.sysinfo();
        new RustDeskClient(http, "1337348840", "bWFjaGluZS1pZC0y").sysinfo();
        server.app().database().useTransaction(h -> {
            var groups = new DeviceGroupStore();
            groups.insert(h, "device_group1", "", 1);
            groups.insert(h, "Production", "", 2);
            long groupId = h.createQuery("SELECT group_id FROM users WHERE name = 'admin'").mapTo(Long.class).one();
            new UserStore().insert(h, new UserStore.NewUser("user1", null, "", false, groupId, null, false),
                    Ids.newGuid(), 3);
        });
    }

    /** A request exactly as strategies.py's headers_with builds it. */
    private Http.Response script(String method, String path, String body, String token) {
        return http.send(method, path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private Http.Response script(String method, String path, String body) {
        return script(method, path, body, rw);
    }

    private String strategy(String name, Map<String, String> options) {
        long id = server.app().database().inTransaction(h -> new StrategyStore().insert(h, name,
                System.currentTimeMillis()));
        String guid = server.app().database().withHandle(h -> new StrategyStore().findById(h, id)).orElseThrow().guid();
        server.app().strategies().setOptions(CLI, guid, options);
        return guid;
    }

    private String guidOf(String table, String condition) {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT guid FROM " + table + " WHERE " + condition).mapTo(String.class).one());
    }

    private String device(String rustdeskId) {
        return guidOf("devices", "rustdesk_id = '" + rustdeskId + "'");
    }

    private String user(String name) {
        return guidOf("users", "name = '" + name + "'");
    }

    private String deviceGroup(String name) {
        return guidOf("device_groups", "name = '" + name + "'");
    }

    /** The name of the strategy each row of the table has directly ("-" for none), in row order. */
    private List<String> assigned(String table) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COALESCE(s.name, '-') FROM " + table
                + " t LEFT JOIN strategies s ON s.id = t.strategy_id ORDER BY t.id").mapTo(String.class).list());
    }

    private List<Map<String, Object>> strategyAudits() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT action, target, details FROM console_audits WHERE action LIKE 'strategy.%' "
                        + "AND action <> 'strategy.options-change' ORDER BY id").mapToMap().list());
    }

    private String level() {
        return client.heartbeat(0).json().path("strategy").path("config_options").path("level").asText("none");
    }

    private static String assignBody(String strategy, List<String> peers, List<String> users, List<String> groups) {
        return "{" + (strategy == null ? "" : "\"strategy\":\"" + strategy + "\",") + "\"peers\":" + array(peers)
                + ",\"users\":" + array(users) + ",\"groups\":" + array(groups) + "}";
    }

    private static String array(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(value -> quoted.add("\"" + value + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    private static void assertDone(Http.Response reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void list_is_a_bare_array_led_by_the_default_strategy_made_at_first_start() {
        strategy("Kiosk", Map.of());

        var reply = script("GET", "/api/strategies", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode list = reply.json();
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("Default");
        assertThat(list.get(0).get("guid").asText()).matches(GUID);
        assertThat(list.get(0).get("enabled").asBoolean()).isTrue();
        assertThat(list.get(0).get("note").asText()).isEmpty();
        assertThat(list.get(0).get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(list.get(1).get("name").asText()).isEqualTo("Kiosk");
        assertThat(list.get(1).has("options")).isFalse();
    }

    @Test
    void view_by_guid_shows_the_options_and_how_many_targets_have_it() {
        String kiosk = strategy("Kiosk", Map.of("enable-keyboard", "N", "approve-mode", "password"));
        assertDone(script("POST", "/api/strategies/assign",
                assignBody(kiosk, List.of(device("1849118658")), List.of(user("user1")), List.of())));

        // view --name: the list, then the guid the script found in it
        String guid = script("GET", "/api/strategies", null).json().get(1).get("guid").asText();
        var reply = script("GET", "/api/strategies/" + guid, null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode view = reply.json();
        assertThat(view.get("guid").asText()).isEqualTo(kiosk);
        assertThat(view.get("name").asText()).isEqualTo("Kiosk");
        assertThat(view.get("options").toString())
                .isEqualTo("{\"approve-mode\":\"password\",\"enable-keyboard\":\"N\"}");
        assertThat(view.get("assigned").toString()).isEqualTo("{\"peers\":1,\"users\":1,\"groups\":0}");
    }

    @Test
    void view_of_an_unknown_guid_is_404() {
        var reply = script("GET", "/api/strategies/01983006-fcca-7c12-9a91-b1df483c6073", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body())
                .isEqualTo("{\"error\":\"No strategy with guid '01983006-fcca-7c12-9a91-b1df483c6073'\"}");
    }

    @Test
    void disable_and_enable_take_a_bare_boolean_and_reach_devices_at_once() {
        String kiosk = strategy("Kiosk", Map.of("level", "kiosk"));
        server.app().strategies().setOptions(CLI, guidOf("strategies", "name = 'Default'"), Map.of("level", "default"));
        assertDone(script("POST", "/api/strategies/assign", assignBody(kiosk, List.of(device("1849118658")),
                List.of(), List.of())));
        assertThat(level()).isEqualTo("kiosk");

        assertDone(script("PUT", "/api/strategies/" + kiosk + "/status", "false"));
        assertThat(level()).isEqualTo("default");
        assertThat(script("GET", "/api/strategies", null).json().get(1).get("enabled").asBoolean()).isFalse();

        assertDone(script("PUT", "/api/strategies/" + kiosk + "/status", "true"));
        assertThat(level()).isEqualTo("kiosk");
        assertThat(strategyAudits()).map(row -> row.get("action"))
                .containsExactly("strategy.assign", "strategy.disable", "strategy.enable");
    }

    @Test
    void disabling_default_leaves_devices_without_another_strategy_with_none() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        server.app().strategies().setOptions(CLI, defaultGuid, Map.of("level", "default"));
        assertThat(level()).isEqualTo("default");

        assertDone(script("PUT", "/api/strategies/" + defaultGuid + "/status", "false"));

        assertThat(client.heartbeat(0).body()).isEqualTo("{}");
    }

    @Test
    void a_status_body_other_than_true_or_false_is_400_and_changes_nothing() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        for (String body : List.of("\"false\"", "0", "{}", "null", "[false]", "")) {
            var reply = script("PUT", "/api/strategies/" + defaultGuid + "/status", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.body()).isEqualTo("{\"error\":\"The request body must be true or false\"}");
        }
        var unknown = script("PUT", "/api/strategies/no-such-guid/status", "false");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(script("GET", "/api/strategies", null).json().get(0).get("enabled").asBoolean()).isTrue();
        assertThat(strategyAudits()).isEmpty();
    }

    @Test
    void assign_to_peers_users_and_device_groups_as_the_seed_examples_do() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");

        // assign --name "Default" --peers "1849118658,1337348840"
        assertDone(script("POST", "/api/strategies/assign", assignBody(defaultGuid,
                List.of(device("1849118658"), device("1337348840")), List.of(), List.of())));
        // assign --name "Default" --users "admin,user1"
        assertDone(script("POST", "/api/strategies/assign", assignBody(defaultGuid, List.of(),
                List.of(user("admin"), user("user1")), List.of())));
        // assign --name "Default" --device-groups "device_group1,Production"
        assertDone(script("POST", "/api/strategies/assign", assignBody(defaultGuid, List.of(), List.of(),
                List.of(deviceGroup("device_group1"), deviceGroup("Production")))));

        assertThat(assigned("devices")).containsExactly("Default", "Default");
        assertThat(assigned("users")).containsExactly("Default", "Default");
        assertThat(assigned("device_groups")).containsExactly("Default", "Default");
        // one console-audit row per target
        assertThat(strategyAudits()).map(row -> row.get("details")).containsExactly(
                "assigned to device 1849118658", "assigned to device 1337348840", "assigned to user admin",
                "assigned to user user1", "assigned to device group device_group1",
                "assigned to device group Production");
        assertThat(strategyAudits()).allSatisfy(row -> assertThat(row.get("target")).isEqualTo("Default"));
    }

    @Test
    void mixed_assign_then_unassign_without_strategy_falls_back() {
        String kiosk = strategy("Kiosk", Map.of("level", "kiosk"));
        String lab = strategy("Lab", Map.of("level", "lab"));
        assertThat(level()).isEqualTo("none");
        // the device group's strategy governs the device once it is in the group
        server.app().database().useTransaction(h -> h.createUpdate(
                "UPDATE devices SET device_group_id = (SELECT id FROM device_groups WHERE name = 'device_group1')")
                .execute());
        server.app().strategies().forgetDevice(server.app().database().withHandle(h -> h.createQuery(
                "SELECT id FROM devices WHERE rustdesk_id = '1849118658'").mapTo(Long.class).one()));

        // assign --name Kiosk --peers 1849118658 --users admin --device-groups device_group1
        assertDone(script("POST", "/api/strategies/assign", assignBody(kiosk, List.of(device("1849118658")),
                List.of(user("admin")), List.of(deviceGroup("device_group1")))));
        assertThat(level()).isEqualTo("kiosk");
        assertDone(script("POST", "/api/strategies/assign", assignBody(lab, List.of(), List.of(),
                List.of(deviceGroup("device_group1")))));

        // unassign --peers 1849118658: the device group's strategy now governs
        assertDone(script("POST", "/api/strategies/assign",
                assignBody(null, List.of(device("1849118658")), List.of(), List.of())));
        assertThat(level()).isEqualTo("lab");
        // unassign --users admin, unassign --device-groups device_group1
        assertDone(script("POST", "/api/strategies/assign", assignBody(null, List.of(), List.of(user("admin")),
                List.of())));
        assertDone(script("POST", "/api/strategies/assign", assignBody(null, List.of(), List.of(),
                List.of(deviceGroup("device_group1")))));

        assertThat(assigned("devices")).containsExactly("-", "-");
        assertThat(assigned("users")).containsExactly("-", "-");
        assertThat(assigned("device_groups")).containsExactly("-", "-");
        assertThat(level()).isEqualTo("none");
        assertThat(strategyAudits()).last().satisfies(row -> {
            assertThat(row.get("target")).isEqualTo("Lab");
            assertThat(row.get("details")).isEqualTo("unassigned from device group device_group1");
        });
    }

    @Test
    void an_unknown_guid_anywhere_is_404_naming_it_and_nothing_changes() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        String missing = "01983006-fcca-7c12-9a91-b1df483c6073";

        var unknownUser = script("POST", "/api/strategies/assign", assignBody(defaultGuid,
                List.of(device("1849118658")), List.of(user("admin"), missing), List.of()));
        var unknownStrategy = script("POST", "/api/strategies/assign", assignBody(missing,
                List.of(device("1849118658")), List.of(), List.of()));
        var groupGuidAsPeer = script("POST", "/api/strategies/assign", assignBody(defaultGuid,
                List.of(deviceGroup("Production")), List.of(), List.of()));

        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(unknownUser.body()).isEqualTo("{\"error\":\"No user with guid '" + missing + "'\"}");
        assertThat(unknownStrategy.status()).isEqualTo(404);
        assertThat(unknownStrategy.body()).isEqualTo("{\"error\":\"No strategy with guid '" + missing + "'\"}");
        assertThat(groupGuidAsPeer.status()).isEqualTo(404);
        assertThat(groupGuidAsPeer.body()).startsWith("{\"error\":\"No device with guid '");
        assertThat(assigned("devices")).containsExactly("-", "-");
        assertThat(assigned("users")).containsExactly("-", "-");
        assertThat(strategyAudits()).isEmpty();
    }

    @Test
    void wrong_types_or_nothing_to_assign_is_400_and_changes_nothing() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        String peer = device("1849118658");

        var notAList = script("POST", "/api/strategies/assign", "{\"strategy\":\"" + defaultGuid
                + "\",\"peers\":\"" + peer + "\",\"users\":[],\"groups\":[]}");
        var numbers = script("POST", "/api/strategies/assign", "{\"strategy\":\"" + defaultGuid
                + "\",\"peers\":[1],\"users\":[],\"groups\":[]}");
        var nullGuid = script("POST", "/api/strategies/assign", "{\"strategy\":\"" + defaultGuid
                + "\",\"peers\":[null],\"users\":[],\"groups\":[]}");
        var nothing = script("POST", "/api/strategies/assign", assignBody(defaultGuid, List.of(), List.of(),
                List.of()));
        var array = script("POST", "/api/strategies/assign", "[\"" + peer + "\"]");

        assertThat(notAList.status()).isEqualTo(400);
        assertThat(notAList.body()).isEqualTo("{\"error\":\"Field 'peers' has the wrong type\"}");
        assertThat(numbers.status()).isEqualTo(400);
        assertThat(nullGuid.status()).isEqualTo(400);
        assertThat(nullGuid.body()).isEqualTo("{\"error\":\"Field 'peers' must be a list of guids\"}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body()).isEqualTo("{\"error\":\"Nothing to assign: give peers, users or groups\"}");
        assertThat(array.status()).isEqualTo(400);
        assertThat(assigned("devices")).containsExactly("-", "-");
        assertThat(strategyAudits()).isEmpty();
    }

    @Test
    void a_guid_given_twice_is_assigned_once() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        String peer = device("1849118658");

        assertDone(script("POST", "/api/strategies/assign", assignBody(defaultGuid, List.of(peer, peer), List.of(),
                List.of())));

        assertThat(strategyAudits()).hasSize(1);
    }

    @Test
    void reads_need_strategy_read_and_changes_read_write() {
        String defaultGuid = guidOf("strategies", "name = 'Default'");
        String body = assignBody(defaultGuid, List.of(device("1849118658")), List.of(), List.of());
        String none = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        String read = server.apiToken(Resource.STRATEGY, Level.READ);

        for (String token : List.of(none, read, rw)) {
            int readStatus = token.equals(none) ? 403 : 200;
            int writeStatus = token.equals(rw) ? 200 : 403;
            assertThat(script("GET", "/api/strategies", null, token).status()).isEqualTo(readStatus);
            assertThat(script("GET", "/api/strategies/" + defaultGuid, null, token).status()).isEqualTo(readStatus);
            assertThat(script("PUT", "/api/strategies/" + defaultGuid + "/status", "true", token).status())
                    .isEqualTo(writeStatus);
            assertThat(script("POST", "/api/strategies/assign", body, token).status()).isEqualTo(writeStatus);
        }
        var noneList = script("GET", "/api/strategies", null, none);
        var readAssign = script("POST", "/api/strategies/assign", body, read);

        assertThat(noneList.body()).isEqualTo("{\"error\":\"This token lacks the Strategy read permission\"}");
        assertThat(readAssign.body())
                .isEqualTo("{\"error\":\"This token lacks the Strategy read-write permission\"}");
        // the rw token's enable and assign only
        assertThat(strategyAudits()).hasSize(2);
    }

    @Test
    void no_token_or_a_bad_one_is_401() {
        var none = http.send("GET", "/api/strategies", null, "Content-Type", "application/json");
        var bad = script("POST", "/api/strategies/assign", "{\"peers\":[],\"users\":[],\"groups\":[]}", "nope");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body()).isEqualTo("{\"error\":\"Invalid token\"}");
    }

    @Test
    void signed_in_administrators_may_and_other_users_may_not() {
        server.app().users().resetPassword(CLI, "user1", "password-1");
        server.app().users().resetPassword(CLI, "admin", "password-0");
        String admin = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"password-0\"}")
                .json().get("access_token").asText();
        String user = http.postJson("/api/login", "{\"username\":\"user1\",\"password\":\"password-1\"}")
                .json().get("access_token").asText();
        String defaultGuid = guidOf("strategies", "name = 'Default'");

        var userList = script("GET", "/api/strategies", null, user);
        var userStatus = script("PUT", "/api/strategies/" + defaultGuid + "/status", "false", user);

        assertThat(userList.status()).isEqualTo(403);
        assertThat(userList.body()).isEqualTo("{\"error\":\"Only administrators may do this\"}");
        assertThat(userStatus.status()).isEqualTo(403);
        assertThat(script("GET", "/api/strategies", null, admin).status()).isEqualTo(200);
        assertDone(script("PUT", "/api/strategies/" + defaultGuid + "/status", "false", admin));
        assertThat(strategyAudits()).singleElement().satisfies(row -> assertThat(row.get("action"))
                .isEqualTo("strategy.disable"));
    }
}
