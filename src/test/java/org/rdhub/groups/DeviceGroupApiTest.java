package org.rdhub.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.Ids;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.strategies.StrategyTargets;
import org.rdhub.support.Http.Response;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.UserStore;

/**
 * The device-group calls as Pro's device-groups.py sends them: {@code Content-Type: application/json} on every
 * request, group lookups by raw name with pageSize 50, and bare arrays of RustDesk ids (not guids) as bodies of
 * POST and DELETE.
 */
class DeviceGroupApiTest extends OnEachDatabase {
    String token;
    RustDeskClient first;
    RustDeskClient second;

    @BeforeEach
    void start() {
        token = server.apiToken(Map.of(Resource.DEVICE_GROUP, Level.READ_WRITE, Resource.USER_GROUP,
                Level.READ_WRITE));
        first = new RustDeskClient(http, "111111111", "dXVpZC0x");
        second = new RustDeskClient(http, "222222222", "dXVpZC0y");
        assertThat(first.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(second.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
    }

    private Response call(String method, String path, String body, String token) {
        return http.send(method, path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private Response call(String method, String path, String body) {
        return call(method, path, body, token);
    }

    private static void assertDone(Response reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** The script's list loop: pageSize 50, current 1, 2, … until a short page or the total is reached. */
    private List<JsonNode> listAll(String query) {
        List<JsonNode> groups = new ArrayList<>();
        for (int current = 1; ; current++) {
            Response reply = call("GET", "/api/device-groups?pageSize=50" + query + "&current=" + current, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("data").forEach(groups::add);
            if (page.get("data").size() < 50 || current * 50L >= page.get("total").asLong()) {
                return groups;
            }
        }
    }

    private JsonNode group(String name) {
        return listAll("&name=" + name.replace(" ", "+")).stream()
                .filter(group -> group.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private String guidOf(String name) {
        return group(name).get("guid").asText();
    }

    private String add(String body) {
        Response reply = call("POST", "/api/device-groups", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("guid").asText();
    }

    /** The device group of a device, or null. */
    private String groupOf(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT dg.name FROM devices d"
                + " LEFT JOIN device_groups dg ON dg.id = d.device_group_id WHERE d.rustdesk_id = :id")
                .bind("id", rustdeskId).mapTo(String.class).one());
    }

    @Test
    void view_lists_groups_with_the_fields_the_script_reads_and_prints() {
        add("{\"name\":\"Production\",\"note\":\"racks\"}");

        Response reply = call("GET", "/api/device-groups?pageSize=50&current=1", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("total").asInt()).isEqualTo(1);
        JsonNode group = reply.json().get("data").get(0);
        assertThat(group.get("guid").asText()).hasSize(36);
        assertThat(group.get("name").asText()).isEqualTo("Production");
        assertThat(group.get("note").asText()).isEqualTo("racks");
        assertThat(group.get("allowed_incomings").toString()).isEqualTo("[]");
        assertThat(group.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(group.get("device_count").asInt()).isZero();
        assertThat(group.has("allowed_outgoings")).isFalse();
    }

    @Test
    void view_by_name_matches_exactly_pages_past_the_end_are_empty() {
        add("{\"name\":\"Production\"}");
        add("{\"name\":\"Production EU\"}");

        assertThat(listAll("&name=Production")).extracting(g -> g.get("name").asText()).containsExactly("Production");
        assertThat(listAll("&name=Production+EU")).extracting(g -> g.get("name").asText())
                .containsExactly("Production EU");
        assertThat(listAll("")).hasSize(2);
        JsonNode pastTheEnd = call("GET", "/api/device-groups?pageSize=50&current=2", null).json();
        assertThat(pastTheEnd.get("total").asInt()).isEqualTo(2);
        assertThat(pastTheEnd.get("data")).isEmpty();
        // strategies.py's lookup sends no current
        assertThat(call("GET", "/api/device-groups?pageSize=50&name=Production", null).json().get("data"))
                .hasSize(1);
    }

    @Test
    void add_with_accessed_from_as_in_the_docs_writes_a_grant_and_an_audit() {
        call("POST", "/api/user-groups", "{\"name\":\"Admins\"}");

        Response reply = call("POST", "/api/device-groups", "{\"name\": \"Production\", \"allowed_incomings\": "
                + "[{\"type\": 0, \"name\": \"Admins\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("allowed_incomings").toString()).isEqualTo("[{\"type\":0,\"name\":\"Admins\"}]");
        assertThat(count("SELECT COUNT(*) FROM access_grants g JOIN user_groups s ON s.id = g.subject_user_group_id"
                + " JOIN device_groups t ON t.id = g.target_device_group_id"
                + " WHERE s.name = 'Admins' AND t.name = 'Production'")).isEqualTo(1);
        // the same row is the user group's outgoing rule
        JsonNode admins = call("GET", "/api/user-groups?pageSize=50&name=Admins&current=1", null).json()
                .get("data").get(0);
        assertThat(admins.get("allowed_outgoings").toString()).isEqualTo("[{\"type\":1,\"name\":\"Production\"}]");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device-group.create' AND typ = 0"
                + " AND iop = 1 AND target = 'Production'")).isEqualTo(1);
    }

    @Test
    void update_changes_only_the_keys_sent_and_an_empty_list_clears_rules() {
        add("{\"name\":\"GroupName\",\"note\":\"keep\",\"allowed_incomings\":[{\"type\":2,\"name\":\"admin\"}]}");
        String guid = guidOf("GroupName");

        assertDone(call("PATCH", "/api/device-groups/" + guid, "{\"name\": \"NewName\"}"));
        JsonNode renamed = group("NewName");
        assertThat(renamed.get("guid").asText()).isEqualTo(guid);
        assertThat(renamed.get("note").asText()).isEqualTo("keep");
        assertThat(renamed.get("allowed_incomings").toString()).isEqualTo("[{\"type\":2,\"name\":\"admin\"}]");

        assertDone(call("PATCH", "/api/device-groups/" + guid, "{\"note\": \"\", \"allowed_incomings\": []}"));
        JsonNode cleared = group("NewName");
        assertThat(cleared.get("note").asText()).isEmpty();
        assertThat(cleared.get("allowed_incomings")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device-group.update' AND typ = 0"
                + " AND iop = 10")).isEqualTo(2);
    }

    @Test
    void names_are_unique_whatever_their_case_and_bad_input_changes_nothing() {
        add("{\"name\":\"Production\"}");
        add("{\"name\":\"Lab\"}");
        String lab = guidOf("Lab");

        Response duplicate = call("POST", "/api/device-groups", "{\"name\":\"PRODUCTION\"}");
        Response rename = call("PATCH", "/api/device-groups/" + lab, "{\"name\":\"production\"}");
        Response userGroupOnly = call("POST", "/api/device-groups", "{\"name\":\"Kiosks\","
                + "\"allowed_incomings\":[{\"type\":1,\"name\":\"Lab\"}]}");
        Response unknownNames = call("PATCH", "/api/device-groups/" + lab, "{\"note\":\"x\",\"allowed_incomings\":"
                + "[{\"type\":0,\"name\":\"Ghosts\"},{\"type\":2,\"name\":\"ghost\"}]}");
        Response wrongType = call("POST", "/api/device-groups", "{\"name\":\"Kiosks\",\"allowed_incomings\":\"all\"}");
        Response blank = call("POST", "/api/device-groups", "{\"note\":\"no name\"}");
        Response unknownGroup = call("PATCH", "/api/device-groups/no-such-guid", "{\"note\":\"x\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).isEqualTo("{\"error\":\"A device group named 'PRODUCTION' already exists\"}");
        assertThat(rename.status()).isEqualTo(409);
        assertThat(userGroupOnly.status()).isEqualTo(400);
        assertThat(userGroupOnly.body()).isEqualTo("{\"error\":\"Rule type 1 is not allowed in allowed_incomings: "
                + "use 0 (user group) or 2 (user)\"}");
        assertThat(unknownNames.status()).isEqualTo(404);
        assertThat(unknownNames.body()).isEqualTo("{\"error\":\"No user group named 'Ghosts'; no user named 'ghost'"
                + " (in allowed_incomings)\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("{\"error\":\"Field 'allowed_incomings' has the wrong type\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(unknownGroup.status()).isEqualTo(404);
        assertThat(unknownGroup.body()).isEqualTo("{\"error\":\"No device group with guid 'no-such-guid'\"}");
        assertThat(listAll("")).extracting(g -> g.get("name").asText()).containsExactly("Production", "Lab");
        assertThat(group("Lab").get("note").asText()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM access_grants")).isZero();
    }

    @Test
    void add_devices_moves_the_devices_by_rustdesk_id_and_remove_devices_takes_them_out() {
        add("{\"name\":\"GroupName\"}");
        add("{\"name\":\"Other\"}");
        String guid = guidOf("GroupName");

        assertDone(call("POST", "/api/device-groups/" + guid, "[\"111111111\", \"222222222\"]"));
        assertThat(groupOf("111111111")).isEqualTo("GroupName");
        assertThat(groupOf("222222222")).isEqualTo("GroupName");
        assertThat(group("GroupName").get("device_count").asInt()).isEqualTo(2);

        // adding moves a device out of its other group
        assertDone(call("POST", "/api/device-groups/" + guidOf("Other"), "[\"222222222\"]"));
        assertThat(groupOf("222222222")).isEqualTo("Other");

        // 222222222 is not in GroupName any more: it is left where it is
        assertDone(call("DELETE", "/api/device-groups/" + guid + "/devices", "[\"111111111\", \"222222222\"]"));
        assertThat(groupOf("111111111")).isNull();
        assertThat(groupOf("222222222")).isEqualTo("Other");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.group-change' AND typ = 2"
                + " AND iop = 12")).isEqualTo(4);
    }

    @Test
    void membership_changes_are_all_or_nothing() {
        add("{\"name\":\"GroupName\"}");
        String guid = guidOf("GroupName");
        assertDone(call("POST", "/api/device-groups/" + guid, "[\"222222222\"]"));

        Response addUnknown = call("POST", "/api/device-groups/" + guid, "[\"111111111\", \"999\", \"888\"]");
        Response removeUnknown = call("DELETE", "/api/device-groups/" + guid + "/devices", "[\"222222222\", \"999\"]");
        Response object = call("POST", "/api/device-groups/" + guid, "{\"ids\":[\"111111111\"]}");
        Response noBody = call("DELETE", "/api/device-groups/" + guid + "/devices", null);
        Response empty = call("POST", "/api/device-groups/" + guid, "[]");
        Response unknownGroup = call("POST", "/api/device-groups/no-such-guid", "[\"111111111\"]");

        assertThat(addUnknown.status()).isEqualTo(404);
        assertThat(addUnknown.body()).isEqualTo("{\"error\":\"No device with id '999', '888'\"}");
        assertThat(removeUnknown.status()).isEqualTo(404);
        assertThat(removeUnknown.body()).isEqualTo("{\"error\":\"No device with id '999'\"}");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.body()).isEqualTo("{\"error\":\"The request body must be a JSON array of device ids\"}");
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(unknownGroup.status()).isEqualTo(404);
        assertThat(groupOf("111111111")).isNull();
        assertThat(groupOf("222222222")).isEqualTo("GroupName");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.group-change'")).isEqualTo(1);
    }

    @Test
    void delete_takes_comma_separated_names_and_leaves_their_devices_ungrouped() {
        add("{\"name\":\"Group1\"}");
        add("{\"name\":\"Group2\"}");
        add("{\"name\":\"Group3\",\"allowed_incomings\":[{\"type\":2,\"name\":\"admin\"}]}");
        assertDone(call("POST", "/api/device-groups/" + guidOf("Group1"), "[\"111111111\"]"));

        for (String name : List.of("Group1", "Group2", "Group3")) {
            assertDone(call("DELETE", "/api/device-groups/" + guidOf(name), null));
        }

        assertThat(listAll("")).isEmpty();
        assertThat(groupOf("111111111")).isNull();
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM access_grants")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device-group.delete' AND typ = 0"
                + " AND iop = 4")).isEqualTo(3);
        assertThat(call("DELETE", "/api/device-groups/" + "no-such-guid", null).status()).isEqualTo(404);
    }

    @Test
    void a_device_gets_its_new_groups_strategy_with_the_next_heartbeat() {
        add("{\"name\":\"Lab\"}");
        long strategyId = server.app().database().inTransaction(h -> new StrategyStore().insert(h, "LabPolicy", 1));
        String strategy = server.app().database().withHandle(h -> new StrategyStore().findById(h, strategyId))
                .orElseThrow().guid();
        server.clock().advance(Duration.ofSeconds(1));
        server.app().strategies().setOptions(new Caller.CommandLine(), strategy, Map.of("enable-keyboard", "N"));
        server.app().strategies().assign(new Caller.CommandLine(), strategy,
                new StrategyTargets(List.of(), List.of(), List.of(guidOf("Lab"))));
        long labAt = server.app().database().withHandle(h -> new StrategyStore().findById(h, strategyId))
                .orElseThrow().modifiedAt();
        long defaultAt = first.heartbeat(0).json().get("modified_at").asLong();
        assertThat(defaultAt).isNotEqualTo(labAt);

        assertDone(call("POST", "/api/device-groups/" + guidOf("Lab"), "[\"111111111\"]"));
        JsonNode inLab = first.heartbeat(defaultAt).json();
        assertThat(inLab.get("modified_at").asLong()).isEqualTo(labAt);
        assertThat(inLab.get("strategy").get("config_options").toString()).isEqualTo("{\"enable-keyboard\":\"N\"}");

        assertDone(call("DELETE", "/api/device-groups/" + guidOf("Lab") + "/devices", "[\"111111111\"]"));
        assertThat(first.heartbeat(labAt).json().get("modified_at").asLong()).isEqualTo(defaultAt);

        assertDone(call("POST", "/api/device-groups/" + guidOf("Lab"), "[\"111111111\"]"));
        assertThat(first.heartbeat(defaultAt).json().get("modified_at").asLong()).isEqualTo(labAt);
        assertDone(call("DELETE", "/api/device-groups/" + guidOf("Lab"), null));
        assertThat(first.heartbeat(labAt).json().get("modified_at").asLong()).isEqualTo(defaultAt);
    }

    @Test
    void accessed_from_rules_change_who_reaches_the_groups_devices() {
        long now = System.currentTimeMillis();
        server.app().database().useTransaction(h -> {
            long groupId = new UserGroupStore().insert(h, "Support", "", now);
            new UserStore().insert(h, new UserStore.NewUser("alice", null, "", false, groupId, null, false),
                    Ids.newGuid(), now);
        });
        server.app().users().resetPassword(new Caller.CommandLine(), "alice", "alice-password");
        String alice = http.postJson("/api/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
                .json().get("access_token").asText();
        add("{\"name\":\"Kiosks\"}");
        assertDone(call("POST", "/api/device-groups/" + guidOf("Kiosks"), "[\"111111111\"]"));
        // an unassigned device is open to all; one in a group only to those with a rule
        assertThat(peers(alice)).containsExactly("222222222");

        assertDone(call("PATCH", "/api/device-groups/" + guidOf("Kiosks"),
                "{\"allowed_incomings\":[{\"type\":0,\"name\":\"Support\"}]}"));
        assertThat(peers(alice)).containsExactly("111111111", "222222222");

        assertDone(call("PATCH", "/api/device-groups/" + guidOf("Kiosks"),
                "{\"allowed_incomings\":[{\"type\":2,\"name\":\"admin\"}]}"));
        assertThat(peers(alice)).containsExactly("222222222");

        assertDone(call("PATCH", "/api/device-groups/" + guidOf("Kiosks"),
                "{\"allowed_incomings\":[{\"type\":2,\"name\":\"alice\"}]}"));
        assertThat(peers(alice)).containsExactly("111111111", "222222222");
    }

    private List<String> peers(String login) {
        Response reply = http.get("/api/peers?current=1&pageSize=100&accessible=&status=1", "Authorization",
                "Bearer " + login);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("data").forEach(peer -> ids.add(peer.get("id").asText()));
        return ids;
    }

    @Test
    void a_token_needs_device_group_read_to_list_and_read_write_to_change() {
        add("{\"name\":\"Lab\"}");
        String lab = guidOf("Lab");
        String none = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        String read = server.apiToken(Resource.DEVICE_GROUP, Level.READ);
        String readWrite = server.apiToken(Resource.DEVICE_GROUP, Level.READ_WRITE);

        Response noneList = call("GET", "/api/device-groups?pageSize=50&current=1", null, none);
        assertThat(noneList.status()).isEqualTo(403);
        assertThat(noneList.body()).isEqualTo("{\"error\":\"This token lacks the Device Group read permission\"}");
        assertThat(call("POST", "/api/device-groups/" + lab, "[\"111111111\"]", none).status()).isEqualTo(403);

        assertThat(call("GET", "/api/device-groups?pageSize=50&current=1", null, read).status()).isEqualTo(200);
        List<Response> refused = List.of(
                call("POST", "/api/device-groups", "{\"name\":\"X\"}", read),
                call("PATCH", "/api/device-groups/" + lab, "{\"note\":\"x\"}", read),
                call("DELETE", "/api/device-groups/" + lab, null, read),
                call("POST", "/api/device-groups/" + lab, "[\"111111111\"]", read),
                call("DELETE", "/api/device-groups/" + lab + "/devices", "[\"111111111\"]", read));
        for (Response reply : refused) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo(
                    "{\"error\":\"This token lacks the Device Group read-write permission\"}");
        }
        assertThat(count("SELECT COUNT(*) FROM device_groups")).isEqualTo(1);
        assertThat(groupOf("111111111")).isNull();

        assertThat(call("POST", "/api/device-groups", "{\"name\":\"X\"}", readWrite).status()).isEqualTo(200);
        assertDone(call("PATCH", "/api/device-groups/" + lab, "{\"note\":\"x\"}", readWrite));
        assertDone(call("POST", "/api/device-groups/" + lab, "[\"111111111\"]", readWrite));
        assertDone(call("DELETE", "/api/device-groups/" + lab + "/devices", "[\"111111111\"]", readWrite));
        assertDone(call("DELETE", "/api/device-groups/" + lab, null, readWrite));
    }

    @Test
    void without_a_valid_token_every_call_is_401_and_signed_in_non_administrators_403() {
        for (Response reply : List.of(
                call("GET", "/api/device-groups?pageSize=50&current=1", null, "no-such-token"),
                call("POST", "/api/device-groups", "{\"name\":\"X\"}", "no-such-token"),
                call("PATCH", "/api/device-groups/x", "{}", "no-such-token"),
                call("DELETE", "/api/device-groups/x", null, "no-such-token"),
                call("POST", "/api/device-groups/x", "[\"111111111\"]", "no-such-token"),
                call("DELETE", "/api/device-groups/x/devices", "[\"111111111\"]", "no-such-token"),
                http.get("/api/device-groups?pageSize=50&current=1"))) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        }

        long now = System.currentTimeMillis();
        server.app().database().useTransaction(h -> new UserStore().insert(h, new UserStore.NewUser("bob", null, "",
                false, new UserGroupStore().findIdByName(h, "Default").orElseThrow(), null, false), Ids.newGuid(), now));
        server.app().users().resetPassword(new Caller.CommandLine(), "bob", "bob-password");
        String bob = http.postJson("/api/login", "{\"username\":\"bob\",\"password\":\"bob-password\"}")
                .json().get("access_token").asText();
        String admin = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}")
                .json().get("access_token").asText();

        assertThat(call("GET", "/api/device-groups?pageSize=50&current=1", null, bob).status()).isEqualTo(403);
        assertThat(call("POST", "/api/device-groups", "{\"name\":\"Mine\"}", bob).status()).isEqualTo(403);
        assertThat(call("POST", "/api/device-groups", "{\"name\":\"Lab\"}", admin).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM device_groups")).isEqualTo(1);
    }
}
