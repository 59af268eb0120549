package org.rdhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.Ids;
import org.rdhub.groups.UserGroupStore;

/** GET /api/users as Pro's users.py sends it: API token, filters wrapped in %, page numbers from 1. */
class UserApiTest extends OnEachDatabase {
    String readToken;

    @BeforeEach
    void start() {
        readToken = server.apiToken(Resource.USER, Level.READ);
    }

    /** Adds users named prefix1..prefixN to the group, straight into the store. */
    private void addUsers(String prefix, int count, String groupName) {
        var store = new UserStore();
        var groups = new UserGroupStore();
        long now = System.currentTimeMillis();
        server.app().database().useTransaction(h -> {
            long groupId = groups.findIdByName(h, groupName).orElseGet(() -> groups.insert(h, groupName, "", now));
            for (int i = 1; i <= count; i++) {
                store.insert(h, new UserStore.NewUser(prefix + i, prefix + i + "@example.com", "", false, groupId,
                        null, false), Ids.newGuid(), now + i);
            }
        });
    }

    private JsonNode list(String query) {
        var reply = http.get("/api/users" + query, bearer(readToken));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("data").forEach(user -> names.add(user.get("name").asText()));
        return names;
    }

    @Test
    void lists_users_with_the_fields_scripts_read() {
        JsonNode page = list("?current=1&pageSize=30");

        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode admin = page.get("data").get(0);
        assertThat(admin.get("guid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(admin.get("name").asText()).isEqualTo("admin");
        assertThat(admin.get("group_name").asText()).isEqualTo("Default");
        assertThat(admin.get("is_admin").asBoolean()).isTrue();
        assertThat(admin.get("status").asInt()).isEqualTo(1);
        assertThat(admin.has("password_hash")).isFalse();
        assertThat(page.toString()).doesNotContain("argon2");
    }

    @Test
    void pages_are_numbered_from_one_and_a_page_past_the_end_is_empty() {
        addUsers("user", 64, "Default");

        assertThat(list("?current=1&pageSize=30").get("data")).hasSize(30);
        assertThat(list("?current=3&pageSize=30").get("data")).hasSize(5);
        JsonNode pastTheEnd = list("?current=31&pageSize=30");
        assertThat(pastTheEnd.get("total").asLong()).isEqualTo(65);
        assertThat(pastTheEnd.get("data")).isEmpty();
        assertThat(list("?pageSize=100").get("data")).hasSize(65);
        // missing current means page 1 (strategies.py and the add-users lookup send none)
        assertThat(names(list("?pageSize=50"))).startsWith("admin", "user1");
    }

    @Test
    void walking_every_page_as_users_py_does_sees_each_user_once_in_a_stable_order() {
        addUsers("user", 64, "Default");
        List<String> seen = new ArrayList<>();
        for (int current = 1; ; current++) {
            JsonNode page = list("?pageSize=30&current=" + current);
            seen.addAll(names(page));
            if (page.get("data").size() < 30 || current * 30 >= page.get("total").asLong()) {
                break;
            }
        }
        assertThat(seen).hasSize(65).doesNotHaveDuplicates();
    }

    @Test
    void name_and_group_filters_use_like_patterns() {
        addUsers("user", 12, "Default");
        addUsers("sales", 3, "Sales Team");

        assertThat(names(list("?name=%25user1%25&pageSize=30"))).containsExactly("user1", "user10", "user11", "user12");
        assertThat(names(list("?name=user1"))).containsExactly("user1");
        assertThat(names(list("?name=USER2"))).containsExactly("user2");
        assertThat(names(list("?group_name=%25sales+team%25"))).containsExactly("sales1", "sales2", "sales3");
        assertThat(names(list("?group_name=Sales+Team&name=%25s2"))).containsExactly("sales2");
        assertThat(list("?name=nobody").get("total").asLong()).isZero();
        assertThat(list("?name=-").get("total").asLong()).isZero();
        assertThat(list("?name=&group_name=").get("total").asLong()).isEqualTo(16);
    }

    @Test
    void needs_a_token_with_user_read_permission() {
        var none = http.get("/api/users");
        var unknown = http.get("/api/users", bearer("no-such-token"));
        var otherResource = http.get("/api/users", bearer(server.apiToken(Resource.DEVICE, Level.READ_WRITE)));
        var readWrite = http.get("/api/users", bearer(server.apiToken(Resource.USER, Level.READ_WRITE)));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(otherResource.status()).isEqualTo(403);
        assertThat(otherResource.body()).isEqualTo("{\"error\":\"This token lacks the User read permission\"}");
        assertThat(readWrite.status()).isEqualTo(200);
    }

    @Test
    void an_expired_api_token_is_refused() {
        String token = server.apiToken(Resource.USER, Level.READ);
        server.app().database().withHandle(h -> h.createUpdate("UPDATE api_tokens SET expires_at = 1").execute());

        assertThat(http.get("/api/users", bearer(token)).status()).isEqualTo(401);
    }

    @Test
    void signed_in_administrators_list_everyone_and_other_users_those_they_may_reach() {
        addUsers("user", 1, "Default");
        server.app().users().resetPassword(new org.rdhub.access.Caller.CommandLine(), "user1", "password-1");
        String adminToken = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}")
                .json().get("access_token").asText();
        String userToken = http.postJson("/api/login", "{\"username\":\"user1\",\"password\":\"password-1\"}")
                .json().get("access_token").asText();

        assertThat(http.get("/api/users", bearer(adminToken)).json().get("total").asInt()).isEqualTo(2);
        var reachable = http.get("/api/users?accessible=&status=1", bearer(userToken));
        assertThat(reachable.status()).isEqualTo(200);
        assertThat(names(reachable.json())).containsExactly("admin", "user1");
    }

    @Test
    void bad_paging_parameters_get_400_and_scripts_content_type_on_get_is_fine() {
        var badCurrent = http.get("/api/users?current=abc", bearer(readToken));
        var zeroSize = http.get("/api/users?pageSize=0", bearer(readToken));
        var withContentType = http.get("/api/users", "Authorization", "Bearer " + readToken,
                "Content-Type", "application/json");

        assertThat(badCurrent.status()).isEqualTo(400);
        assertThat(badCurrent.body()).isEqualTo("{\"error\":\"current must be a whole number\"}");
        assertThat(zeroSize.status()).isEqualTo(400);
        assertThat(withContentType.status()).isEqualTo(200);
    }
}
