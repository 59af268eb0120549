package org.rdhub.groups;

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
import org.rdhub.support.Http.Response;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.UserStore;

/**
 * The user-group calls as Pro's user-groups.py sends them: {@code Content-Type: application/json} on every request
 * (GET and DELETE without a body too), group lookups by raw name with pageSize 50, and bare arrays of user guids.
 */
class UserGroupApiTest extends OnEachDatabase {
    String token;

    @BeforeEach
    void start() {
        token = server.apiToken(Map.of(Resource.USER_GROUP, Level.READ_WRITE, Resource.USER, Level.READ,
                Resource.DEVICE_GROUP, Level.READ_WRITE));
    }

    /** A request as the script makes it. */
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
            Response reply = call("GET", "/api/user-groups?pageSize=50" + query + "&current=" + current, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("data").forEach(groups::add);
            if (page.get("data").size() < 50 || current * 50L >= page.get("total").asLong()) {
                return groups;
            }
        }
    }

    /** The script's lookup: list with the raw name, then the first exact (case-sensitive) match. */
    private String guidOf(String name) {
        return listAll("&name=" + name.replace(" ", "+")).stream()
                .filter(group -> group.get("name").asText().equals(name))
                .map(group -> group.get("guid").asText()).findFirst().orElseThrow();
    }

    private JsonNode group(String name) {
        return listAll("&name=" + name.replace(" ", "+")).stream()
                .filter(group -> group.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private String add(String body) {
        Response reply = call("POST", "/api/user-groups", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("guid").asText();
    }

    private void addUser(String name, String groupName) {
        long now = System.currentTimeMillis();
        server.app().database().useTransaction(h -> {
            long groupId = new UserGroupStore().findIdByName(h, groupName).orElseThrow();
            new UserStore().insert(h, new UserStore.NewUser(name, null, "", false, groupId, null, false),
                    Ids.newGuid(), now);
        });
    }

    private String groupOfUser(String name) {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT g.name FROM users u JOIN user_groups g ON g.id = u.group_id WHERE u.name = :n")
                .bind("n", name).mapTo(String.class).one());
    }

    @Test
    void view_lists_groups_with_the_fields_the_script_reads_and_prints() {
        Response reply = call("GET", "/api/user-groups?pageSize=50&current=1", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode page = reply.json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode group = page.get("data").get(0);
        assertThat(group.get("guid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(group.get("name").asText()).isEqualTo("Default");
        assertThat(group.get("note").asText()).isEmpty();
        assertThat(group.get("allowed_incomings").toString()).isEqualTo("[]");
        assertThat(group.get("allowed_outgoings").toString()).isEqualTo("[]");
        assertThat(group.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(group.get("user_count").asInt()).isEqualTo(1);
    }

    @Test
    void view_by_name_matches_the_raw_name_exactly_and_honours_percent_wildcards() {
        add("{\"name\":\"Sales Team\"}");
        add("{\"name\":\"Sales Team East\"}");

        assertThat(listAll("&name=Sales+Team")).extracting(g -> g.get("name").asText()).containsExactly("Sales Team");
        assertThat(listAll("&name=sales+team")).extracting(g -> g.get("name").asText()).containsExactly("Sales Team");
        assertThat(listAll("&name=%25Team%25")).hasSize(2);
        assertThat(listAll("&name=Nobody")).isEmpty();
        assertThat(listAll("&name=")).hasSize(3);
    }

    @Test
    void the_script_walks_every_page_of_fifty_and_a_page_past_the_end_is_empty() {
        long now = System.currentTimeMillis();
        server.app().database().useTransaction(h -> {
            for (int i = 1; i <= 60; i++) {
                new UserGroupStore().insert(h, "group" + i, "", now + i);
            }
        });

        assertThat(listAll("")).extracting(g -> g.get("name").asText()).hasSize(61).doesNotHaveDuplicates()
                .startsWith("Default", "group1");
        JsonNode pastTheEnd = call("GET", "/api/user-groups?pageSize=50&current=9", null).json();
        assertThat(pastTheEnd.get("total").asInt()).isEqualTo(61);
        assertThat(pastTheEnd.get("data")).isEmpty();
        assertThat(call("GET", "/api/user-groups?pageSize=50", null).json().get("data")).hasSize(50);
    }

    @Test
    void add_with_accessed_from_and_access_to_as_in_the_docs_writes_the_grants_and_an_audit() {
        add("{\"name\":\"Managers\"}");
        call("POST", "/api/device-groups", "{\"name\":\"DevServers\"}");

        Response reply = call("POST", "/api/user-groups", "{\"name\": \"Engineering\", \"allowed_incomings\": "
                + "[{\"type\": 0, \"name\": \"Managers\"}], \"allowed_outgoings\": [{\"type\": 1, \"name\": "
                + "\"DevServers\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode created = reply.json();
        assertThat(created.has("error")).isFalse();
        assertThat(created.get("name").asText()).isEqualTo("Engineering");
        assertThat(created.get("allowed_incomings").toString()).isEqualTo("[{\"type\":0,\"name\":\"Managers\"}]");
        assertThat(created.get("allowed_outgoings").toString()).isEqualTo("[{\"type\":1,\"name\":\"DevServers\"}]");
        // the one row is both Managers' outgoing rule and Engineering's incoming one
        assertThat(group("Managers").get("allowed_outgoings").toString())
                .isEqualTo("[{\"type\":0,\"name\":\"Engineering\"}]");
        assertThat(count("SELECT COUNT(*) FROM access_grants")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user-group.create' AND typ = 0"
                + " AND iop = 1 AND target = 'Engineering'")).isEqualTo(1);
    }

    @Test
    void add_with_a_name_and_a_note_only() {
        add("{\"name\": \"GroupName\", \"note\": \"first floor\"}");

        JsonNode group = group("GroupName");
        assertThat(group.get("note").asText()).isEqualTo("first floor");
        assertThat(group.get("user_count").asInt()).isZero();
    }

    @Test
    void update_changes_only_the_keys_sent_and_an_empty_list_clears_rules() {
        add("{\"name\":\"Managers\"}");
        add("{\"name\":\"GroupName\",\"note\":\"keep\",\"allowed_incomings\":[{\"type\":0,\"name\":\"Managers\"}],"
                + "\"allowed_outgoings\":[{\"type\":0,\"name\":\"Managers\"}]}");
        String guid = guidOf("GroupName");

        assertDone(call("PATCH", "/api/user-groups/" + guid, "{}"));
        assertThat(group("GroupName").get("note").asText()).isEqualTo("keep");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user-group.update'")).isZero();
        assertThat(call("PATCH", "/api/user-groups/no-such-guid", "{}").status()).isEqualTo(404);
        assertThat(group("GroupName").get("allowed_incomings")).hasSize(1);

        assertDone(call("PATCH", "/api/user-groups/" + guid, "{\"allowed_incomings\": [{\"type\": 2, \"name\": "
                + "\"admin\"}]}"));
        JsonNode changed = group("GroupName");
        assertThat(changed.get("allowed_incomings").toString()).isEqualTo("[{\"type\":2,\"name\":\"admin\"}]");
        assertThat(changed.get("allowed_outgoings").toString()).isEqualTo("[{\"type\":0,\"name\":\"Managers\"}]");

        assertDone(call("PATCH", "/api/user-groups/" + guid, "{\"name\": \"NewName\", \"note\": \"\", "
                + "\"allowed_outgoings\": []}"));
        JsonNode renamed = group("NewName");
        assertThat(renamed.get("guid").asText()).isEqualTo(guid);
        assertThat(renamed.get("note").asText()).isEmpty();
        assertThat(renamed.get("allowed_incomings")).hasSize(1);
        assertThat(renamed.get("allowed_outgoings")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user-group.update' AND typ = 0"
                + " AND iop = 10 AND details LIKE 'name: GroupName -> NewName%'")).isEqualTo(1);
    }

    @Test
    void names_are_unique_whatever_their_case_on_add_and_on_rename() {
        add("{\"name\":\"Sales\"}");
        add("{\"name\":\"Support\"}");

        Response duplicate = call("POST", "/api/user-groups", "{\"name\":\" sales \"}");
        Response rename = call("PATCH", "/api/user-groups/" + guidOf("Support"), "{\"name\":\"SALES\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).isEqualTo("{\"error\":\"A user group named 'sales' already exists\"}");
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.body()).isEqualTo("{\"error\":\"A user group named 'SALES' already exists\"}");
        assertThat(listAll("")).extracting(g -> g.get("name").asText()).containsExactly("Default", "Sales", "Support");
        // a change of case of its own name is fine
        assertDone(call("PATCH", "/api/user-groups/" + guidOf("Sales"), "{\"name\":\"SALES\"}"));
    }

    @Test
    void delete_takes_comma_separated_names_one_lookup_and_delete_each() {
        add("{\"name\":\"Group1\"}");
        add("{\"name\":\"Group2\"}");
        add("{\"name\":\"Group3\",\"allowed_outgoings\":[{\"type\":0,\"name\":\"Group1\"}]}");

        for (String name : List.of("Group1", "Group2", "Group3")) {
            assertDone(call("DELETE", "/api/user-groups/" + guidOf(name), null));
        }

        assertThat(listAll("")).extracting(g -> g.get("name").asText()).containsExactly("Default");
        assertThat(count("SELECT COUNT(*) FROM access_grants")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user-group.delete' AND typ = 0"
                + " AND iop = 4")).isEqualTo(3);
    }

    @Test
    void a_group_with_users_and_the_default_group_are_not_deleted() {
        add("{\"name\":\"Sales\"}");
        addUser("alice", "Sales");
        addUser("bob", "Sales");

        Response withUsers = call("DELETE", "/api/user-groups/" + guidOf("Sales"), null);
        Response defaultGroup = call("DELETE", "/api/user-groups/" + guidOf("Default"), null);
        Response renameDefault = call("PATCH", "/api/user-groups/" + guidOf("Default"), "{\"name\":\"Everyone\"}");
        Response unknown = call("DELETE", "/api/user-groups/no-such-guid", null);

        assertThat(withUsers.status()).isEqualTo(409);
        assertThat(withUsers.body()).isEqualTo("{\"error\":\"User group 'Sales' still has 2 users; move them first\"}");
        assertThat(defaultGroup.status()).isEqualTo(409);
        assertThat(defaultGroup.body()).isEqualTo(
                "{\"error\":\"The Default group cannot be deleted: new users land in it\"}");
        assertThat(renameDefault.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"No user group with guid 'no-such-guid'\"}");
        assertThat(count("SELECT COUNT(*) FROM user_groups")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action LIKE 'user-group.%'")).isEqualTo(1);
    }

    @Test
    void add_users_looks_each_user_up_by_exact_name_and_moves_them_all_into_the_group() {
        add("{\"name\":\"GroupName\"}");
        addUser("user1", "Default");
        addUser("user2", "Default");
        addUser("user3", "Default");
        String group = guidOf("GroupName");
        List<String> guids = new ArrayList<>();
        for (String name : List.of("user1", "user2", "user3")) {
            // the lookup sends no current
            Response lookup = call("GET", "/api/users?name=" + name + "&pageSize=50", null);
            assertThat(lookup.status()).isEqualTo(200);
            lookup.json().get("data").forEach(user -> {
                if (user.get("name").asText().equals(name)) {
                    guids.add(user.get("guid").asText());
                }
            });
        }

        assertDone(call("POST", "/api/user-groups/" + group, "[\"" + String.join("\", \"", guids) + "\"]"));

        assertThat(List.of(groupOfUser("user1"), groupOfUser("user2"), groupOfUser("user3")))
                .containsOnly("GroupName");
        assertThat(group("GroupName").get("user_count").asInt()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.group-change' AND typ = 1"
                + " AND iop = 11 AND details = 'user group: Default -> GroupName'")).isEqualTo(3);
        // view-users --name GroupName --user-name user
        Response members = call("GET", "/api/users?group_name=GroupName&name=%25user%25&pageSize=50&current=1", null);
        assertThat(members.json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void add_users_is_all_or_nothing_and_refuses_bodies_that_are_not_arrays_of_guids() {
        add("{\"name\":\"GroupName\"}");
        addUser("user1", "Default");
        String group = guidOf("GroupName");
        String user1 = call("GET", "/api/users?name=user1&pageSize=50", null).json().get("data").get(0).get("guid")
                .asText();

        Response unknown = call("POST", "/api/user-groups/" + group, "[\"" + user1 + "\", \"nobody-1\", \"nobody-2\"]");
        Response object = call("POST", "/api/user-groups/" + group, "{\"users\": [\"" + user1 + "\"]}");
        Response numbers = call("POST", "/api/user-groups/" + group, "[1, 2]");
        Response empty = call("POST", "/api/user-groups/" + group, "[]");
        Response noBody = call("POST", "/api/user-groups/" + group, null);
        Response noGroup = call("POST", "/api/user-groups/no-such-group", "[\"" + user1 + "\"]");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"No user with guid 'nobody-1', 'nobody-2'\"}");
        for (Response bad : List.of(object, numbers, noBody)) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("{\"error\":\"The request body must be a JSON array of user guids\"}");
        }
        assertThat(empty.status()).isEqualTo(400);
        assertThat(noGroup.status()).isEqualTo(404);
        assertThat(groupOfUser("user1")).isEqualTo("Default");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.group-change'")).isZero();
    }

    @Test
    void bad_rules_are_refused_naming_the_problem_and_nothing_is_written() {
        add("{\"name\":\"Managers\"}");
        String managers = guidOf("Managers");
        long groups = count("SELECT COUNT(*) FROM user_groups");

        Response unknownNames = call("POST", "/api/user-groups", "{\"name\":\"Engineering\",\"allowed_incomings\":"
                + "[{\"type\":0,\"name\":\"Managers\"},{\"type\":2,\"name\":\"ghost\"},{\"type\":0,\"name\":\"Nobody\"}]}");
        Response deviceGroupIncoming = call("POST", "/api/user-groups", "{\"name\":\"Engineering\","
                + "\"allowed_incomings\":[{\"type\":1,\"name\":\"Managers\"}]}");
        Response userOutgoing = call("PATCH", "/api/user-groups/" + managers,
                "{\"allowed_outgoings\":[{\"type\":2,\"name\":\"admin\"}]}");
        Response textType = call("POST", "/api/user-groups", "{\"name\":\"Engineering\","
                + "\"allowed_outgoings\":[{\"type\":\"1\",\"name\":\"DevServers\"}]}");
        Response noName = call("PATCH", "/api/user-groups/" + managers, "{\"allowed_incomings\":[{\"type\":0}]}");
        Response itself = call("PATCH", "/api/user-groups/" + managers,
                "{\"allowed_outgoings\":[{\"type\":0,\"name\":\"Managers\"}]}");
        Response numberName = call("POST", "/api/user-groups", "{\"name\":5}");
        Response blankName = call("POST", "/api/user-groups", "{\"name\":\"  \"}");
        Response comma = call("POST", "/api/user-groups", "{\"name\":\"A,B\"}");
        Response notAnObject = call("POST", "/api/user-groups", "[\"Engineering\"]");
        Response renameWithBadRule = call("PATCH", "/api/user-groups/" + managers,
                "{\"name\":\"Bosses\",\"allowed_incomings\":[{\"type\":0,\"name\":\"Nobody\"}]}");

        assertThat(unknownNames.status()).isEqualTo(404);
        assertThat(unknownNames.body()).isEqualTo("{\"error\":\"No user named 'ghost'; no user group named 'Nobody'"
                + " (in allowed_incomings)\"}");
        assertThat(deviceGroupIncoming.status()).isEqualTo(400);
        assertThat(deviceGroupIncoming.body()).isEqualTo("{\"error\":\"Rule type 1 is not allowed in "
                + "allowed_incomings: use 0 (user group) or 2 (user)\"}");
        assertThat(userOutgoing.status()).isEqualTo(400);
        assertThat(userOutgoing.body()).isEqualTo("{\"error\":\"Rule type 2 is not allowed in "
                + "allowed_outgoings: use 0 (user group) or 1 (device group)\"}");
        assertThat(textType.status()).isEqualTo(400);
        assertThat(noName.status()).isEqualTo(400);
        assertThat(itself.status()).isEqualTo(400);
        assertThat(numberName.status()).isEqualTo(400);
        assertThat(numberName.body()).isEqualTo("{\"error\":\"Field 'name' has the wrong type\"}");
        assertThat(blankName.status()).isEqualTo(400);
        assertThat(comma.status()).isEqualTo(400);
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(renameWithBadRule.status()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM user_groups")).isEqualTo(groups);
        assertThat(guidOf("Managers")).isEqualTo(managers);
        assertThat(count("SELECT COUNT(*) FROM access_grants")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action LIKE 'user-group.%'")).isEqualTo(1);
    }

    @Test
    void a_token_needs_user_group_read_to_list_and_read_write_to_change() {
        add("{\"name\":\"Sales\"}");
        String sales = guidOf("Sales");
        String none = server.apiToken(Resource.USER, Level.READ_WRITE);
        String read = server.apiToken(Resource.USER_GROUP, Level.READ);
        String readWrite = server.apiToken(Resource.USER_GROUP, Level.READ_WRITE);

        Response noneList = call("GET", "/api/user-groups?pageSize=50&current=1", null, none);
        assertThat(noneList.status()).isEqualTo(403);
        assertThat(noneList.body()).isEqualTo("{\"error\":\"This token lacks the User Group read permission\"}");
        assertThat(call("POST", "/api/user-groups", "{\"name\":\"X\"}", none).status()).isEqualTo(403);

        assertThat(call("GET", "/api/user-groups?pageSize=50&current=1", null, read).status()).isEqualTo(200);
        List<Response> refused = List.of(
                call("POST", "/api/user-groups", "{\"name\":\"X\"}", read),
                call("PATCH", "/api/user-groups/" + sales, "{\"note\":\"x\"}", read),
                call("DELETE", "/api/user-groups/" + sales, null, read),
                call("POST", "/api/user-groups/" + sales, "[\"x\"]", read));
        for (Response reply : refused) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo("{\"error\":\"This token lacks the User Group read-write permission\"}");
        }
        assertThat(count("SELECT COUNT(*) FROM user_groups")).isEqualTo(2);

        assertThat(call("POST", "/api/user-groups", "{\"name\":\"X\"}", readWrite).status()).isEqualTo(200);
        assertDone(call("PATCH", "/api/user-groups/" + sales, "{\"note\":\"x\"}", readWrite));
        assertDone(call("DELETE", "/api/user-groups/" + sales, null, readWrite));
    }

    @Test
    void without_a_valid_token_every_call_is_401() {
        for (String token : List.of("", "no-such-token")) {
            for (Response reply : List.of(
                    call("GET", "/api/user-groups?pageSize=50&current=1", null, token),
                    call("POST", "/api/user-groups", "{\"name\":\"X\"}", token),
                    call("PATCH", "/api/user-groups/x", "{}", token),
                    call("DELETE", "/api/user-groups/x", null, token),
                    call("POST", "/api/user-groups/x", "[\"x\"]", token))) {
                assertThat(reply.status()).isEqualTo(401);
                assertThat(reply.body()).isEqualTo("{\"error\":\"Invalid token\"}");
            }
        }
    }

    @Test
    void signed_in_administrators_may_manage_groups_and_other_users_may_not() {
        addUser("alice", "Default");
        server.app().users().resetPassword(new Caller.CommandLine(), "alice", "alice-password");
        String adminLogin = http.login("admin", "test1234");
        String aliceLogin = http.login("alice", "alice-password");

        assertThat(call("GET", "/api/user-groups?pageSize=50&current=1", null, adminLogin).status()).isEqualTo(200);
        assertThat(call("POST", "/api/user-groups", "{\"name\":\"Sales\"}", adminLogin).status()).isEqualTo(200);
        Response list = call("GET", "/api/user-groups?pageSize=50&current=1", null, aliceLogin);
        Response create = call("POST", "/api/user-groups", "{\"name\":\"Mine\"}", aliceLogin);

        assertThat(list.status()).isEqualTo(403);
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).isEqualTo("{\"error\":\"Only administrators may do this\"}");
        assertThat(count("SELECT COUNT(*) FROM user_groups WHERE name = 'Mine'")).isZero();
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
    void rules_written_here_change_what_users_reach() {
        add("{\"name\":\"Engineering\"}");
        add("{\"name\":\"Ops\"}");
        addUser("alice", "Engineering");
        addUser("bob", "Ops");
        addUser("carol", "Default");
        for (String name : List.of("alice", "bob", "carol")) {
            server.app().users().resetPassword(new Caller.CommandLine(), name, name + "-password");
        }
        new RustDeskClient(http, "100000001", "dXVpZC0x").sysinfo("\"preset-user-name\":\"bob\"");
        String alice = http.login("alice", "alice-password");
        String carol = http.login("carol", "carol-password");
        assertThat(peers(alice)).doesNotContain("100000001");
        assertThat(peers(carol)).doesNotContain("100000001");

        // Engineering may access Ops: alice reaches bob's device
        assertDone(call("PATCH", "/api/user-groups/" + guidOf("Engineering"),
                "{\"allowed_outgoings\":[{\"type\":0,\"name\":\"Ops\"}]}"));
        assertThat(peers(alice)).contains("100000001");
        // Ops may be accessed from carol: carol reaches it too
        assertDone(call("PATCH", "/api/user-groups/" + guidOf("Ops"),
                "{\"allowed_incomings\":[{\"type\":2,\"name\":\"carol\"}]}"));
        assertThat(peers(carol)).contains("100000001");
        // clearing Engineering's outgoing rules takes alice's access away again
        assertDone(call("PATCH", "/api/user-groups/" + guidOf("Engineering"), "{\"allowed_outgoings\":[]}"));
        assertThat(peers(alice)).doesNotContain("100000001");
        assertThat(peers(carol)).contains("100000001");
    }
}
