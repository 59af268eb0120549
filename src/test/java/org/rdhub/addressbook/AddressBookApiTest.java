package org.rdhub.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.http.Json;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Http.Response;
import org.rdhub.support.OnEachDatabase;

/**
 * The client's address-book calls, replayed as the Flutter client sends them: list calls as POSTs without a body
 * (and as the scripts' GETs), changes with JSON bodies, deletions as DELETEs with a JSON array. Fixture: alice and
 * bob in Sales, carol in Support; carol owns the shared books "Sales book" (Sales may read-write), "Everyone"
 * (everyone may read), "Alice only" (alice may read) and "Private" (no rules).
 */
class AddressBookApiTest extends OnEachDatabase {
    private static final String PAGE = "?current=1&pageSize=100";

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES"
                    + " ('g-sales', 'Sales', 1, 1), ('g-support', 'Support', 2, 2)");
            String user = "INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT ?, ?, 1, id, 1, 1 FROM user_groups WHERE name = ?";
            h.execute(user, "u-alice", "alice", "Sales");
            h.execute(user, "u-bob", "bob", "Sales");
            h.execute(user, "u-carol", "carol", "Support");
            String book = "INSERT INTO address_books (guid, name, note, owner_user_id, password, created_at,"
                    + " updated_at) SELECT ?, ?, ?, id, ?, ?, 1 FROM users WHERE name = 'carol'";
            h.execute(book, "ab-sales", "Sales book", "for sales", "shared-pw", 1);
            h.execute(book, "ab-everyone", "Everyone", "", null, 2);
            h.execute(book, "ab-alice", "Alice only", "", null, 3);
            h.execute(book, "ab-private", "Private", "", null, 4);
            String rule = "INSERT INTO address_book_rules (guid, address_book_id, user_id, user_group_id, rule,"
                    + " created_at) VALUES (?, (SELECT id FROM address_books WHERE guid = ?),"
                    + " (SELECT id FROM users WHERE name = ?), (SELECT id FROM user_groups WHERE name = ?), ?, 1)";
            h.execute(rule, "r1", "ab-sales", null, "Sales", 2);
            h.execute(rule, "r2", "ab-everyone", null, null, 1);
            h.execute(rule, "r3", "ab-alice", "alice", null, 1);
        });
        for (String name : List.of("alice", "bob", "carol")) {
            server.app().users().resetPassword(new Caller.CommandLine(), name, name + "-password");
        }
    }

    private String login(String name) {
        String password = name.equals("admin") ? "test1234" : name + "-password";
        return http.login(name, password);
    }

    /** A call as the Flutter client makes it: Bearer and a JSON content type, body or none. */
    private Response call(String method, String path, String body, String token) {
        return http.send(method, path, body, "Authorization", "Bearer " + token,
                "Content-Type", "application/json");
    }

    private String personalGuid(String token) {
        return call("POST", "/api/ab/personal", null, token).json().get("guid").asText();
    }

    private void assertDone(Response reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void the_personal_book_is_made_on_first_use_and_keeps_its_guid() {
        String token = login("alice");

        Response first = call("POST", "/api/ab/personal", null, token);
        String guid = first.json().get("guid").asText();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"guid\":\"" + guid + "\"}");
        assertThat(call("GET", "/api/ab/personal", null, token).body()).isEqualTo(first.body());
        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = TRUE")).isEqualTo(1);
    }

    @Test
    void settings_report_the_peer_limit_and_the_server_enforces_it() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertThat(call("POST", "/api/ab/settings", null, token).body()).isEqualTo("{\"max_peer_one_ab\":0}");

        server.app().settings().set(new Caller.CommandLine(), ServerSetting.MAX_PEERS_PER_ADDRESS_BOOK, "2");

        assertThat(call("GET", "/api/ab/settings", null, token).body()).isEqualTo("{\"max_peer_one_ab\":2}");
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"111\"}", token));
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"222\"}", token));
        Response third = call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"333\"}", token);
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.body()).isEqualTo("{\"error\":\"exceed_max_devices\"}");
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isEqualTo(2);
        Response legacy = call("POST", "/api/ab", "{\"data\":" + quoted(
                "{\"peers\":[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"}]}") + "}", token);
        assertThat(legacy.status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM address_book_peers WHERE rustdesk_id IN ('111', '222')")).isEqualTo(2);
    }

    @Test
    void the_tag_limit_holds_for_added_tags_and_legacy_pushes() {
        String token = login("alice");
        String guid = personalGuid(token);
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK, "1");

        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"ops\",\"color\":1}", token));
        Response second = call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"dev\",\"color\":1}", token);
        Response duplicate = call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"ops\",\"color\":1}", token);
        Response legacy = call("POST", "/api/ab", "{\"data\":" + quoted(
                "{\"tags\":[\"a\",\"b\"],\"peers\":[{\"id\":\"1\"}]}") + "}", token);

        assertThat(second.status()).isEqualTo(403);
        assertThat(second.body()).isEqualTo("{\"error\":\"An address book may hold at most 1 tags\"}");
        assertThat(duplicate.status()).as("a duplicate is a conflict, not a full book").isEqualTo(409);
        assertThat(legacy.status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM address_book_tags")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
        assertDone(call("POST", "/api/ab", "{\"data\":" + quoted("{\"tags\":[\"x\"],\"peers\":[]}") + "}", token));
    }

    @Test
    void a_user_owns_at_most_the_configured_number_of_shared_books() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.MAX_SHARED_BOOKS_PER_OWNER, "4");
        String carol = login("carol");

        Response fifth = call("POST", "/api/ab/shared/add", "{\"name\":\"Fifth\",\"note\":null}", carol);
        assertThat(call("POST", "/api/ab/shared/add", "{\"name\":\"Bob's\",\"note\":null}", login("bob")).status())
                .isEqualTo(200);
        String write = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        Response toBob = call("PUT", "/api/ab/shared/update/profile",
                "{\"guid\":\"ab-sales\",\"owner\":\"bob\"}", write);

        assertThat(fifth.status()).isEqualTo(403);
        assertThat(fifth.body()).isEqualTo("{\"error\":\"A user may own at most 4 shared address books\"}");
        assertThat(toBob.status()).as("bob has room for one more").isEqualTo(200);
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.MAX_SHARED_BOOKS_PER_OWNER, "2");
        Response overBob = call("PUT", "/api/ab/shared/update/profile",
                "{\"guid\":\"ab-private\",\"owner\":\"bob\"}", write);
        Response sameOwner = call("PUT", "/api/ab/shared/update/profile",
                "{\"guid\":\"ab-private\",\"note\":\"kept by carol\"}", write);
        assertThat(overBob.status()).isEqualTo(403);
        assertThat(sameOwner.status()).as("a full owner may still edit their books").isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM address_books b JOIN users u ON u.id = b.owner_user_id"
                + " WHERE u.name = 'bob' AND b.personal = FALSE")).isEqualTo(2);
    }

    @Test
    void every_call_without_a_valid_token_is_401() {
        for (String[] call : List.of(
                new String[] {"POST", "/api/ab/personal", null},
                new String[] {"GET", "/api/ab/settings", null},
                new String[] {"POST", "/api/ab/shared/profiles" + PAGE, null},
                new String[] {"POST", "/api/ab/peers" + PAGE + "&ab=ab-sales", null},
                new String[] {"POST", "/api/ab/tags/ab-sales", null},
                new String[] {"POST", "/api/ab/peer/add/ab-sales", "{\"id\":\"123\"}"},
                new String[] {"DELETE", "/api/ab/tag/ab-sales", "[\"x\"]"},
                new String[] {"GET", "/api/ab", null},
                new String[] {"POST", "/api/ab", "{\"data\":\"{}\"}"})) {
            Response reply = call(call[0], call[1], call[2], "not-a-token");
            assertThat(reply.status()).as(call[0] + " " + call[1]).isEqualTo(401);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        }
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
    }

    @Test
    void a_token_made_at_the_command_line_has_no_personal_book() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);

        Response reply = call("GET", "/api/ab/personal", null, token);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(
                "{\"error\":\"This token belongs to no user, so it has no personal address book\"}");
    }

    @Test
    void a_users_token_answers_its_creators_personal_book_but_may_not_open_it() {
        String adminGuid = personalGuid(login("admin"));
        long adminId = count("SELECT id FROM users WHERE name = 'admin'");
        String token = server.app().apiTokens().create(new Caller.User(adminId, "admin", true, ""), "ab",
                Map.of(Resource.ADDRESS_BOOK, Level.READ_WRITE), null).secret();

        Response personal = call("GET", "/api/ab/personal", null, token);
        Response peers = call("GET", "/api/ab/peers" + PAGE + "&ab=" + adminGuid, null, token);

        assertThat(personal.status()).isEqualTo(200);
        assertThat(personal.body()).isEqualTo("{\"guid\":\"" + adminGuid + "\"}");
        assertThat(peers.status()).isEqualTo(404);
        assertThat(peers.body()).isEqualTo("{\"error\":\"Address book not found\"}");
    }

    @Test
    void a_token_without_the_address_book_permission_is_refused() {
        String token = server.apiToken(Resource.DEVICE, Level.READ_WRITE);

        Response reply = call("GET", "/api/ab/shared/profiles" + PAGE, null, token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo("{\"error\":\"This token lacks the Address Book read permission\"}");
    }

    @Test
    void a_read_token_lists_every_shared_book_read_only_and_may_change_none() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ);

        Response profiles = call("GET", "/api/ab/shared/profiles" + PAGE + "&name=Private", null, token);
        Response peers = call("GET", "/api/ab/peers" + PAGE + "&ab=ab-private", null, token);
        Response tags = call("GET", "/api/ab/tags/ab-private", null, token);
        Response add = call("POST", "/api/ab/peer/add/ab-private", "{\"id\":\"123\"}", token);
        Response tag = call("POST", "/api/ab/tag/add/ab-private", "{\"name\":\"t\",\"color\":1}", token);

        assertThat(profiles.body()).isEqualTo("{\"total\":1,\"data\":[{\"guid\":\"ab-private\",\"name\":\"Private\","
                + "\"owner\":\"carol\",\"note\":\"\",\"rule\":1,\"info\":{}}]}");
        assertThat(peers.body()).isEqualTo("{\"total\":0,\"data\":[]}");
        assertThat(tags.body()).isEqualTo("[]");
        for (Response refused : List.of(add, tag)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"error\":\"This token lacks the Address Book read-write permission\"}");
        }
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
        assertThat(count("SELECT COUNT(*) FROM address_book_tags")).isZero();
    }

    @Test
    void a_read_write_token_changes_peers_and_tags_of_any_shared_book_as_ab_py_sends_them() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);

        assertDone(call("POST", "/api/ab/tag/add/ab-private", "{\"name\":\"ops\",\"color\":4278190335}", token));
        assertDone(call("PUT", "/api/ab/tag/update/ab-private", "{\"name\":\"ops\",\"color\":4278255360}", token));
        assertDone(call("POST", "/api/ab/peer/add/ab-private",
                "{\"id\":\"123456789\",\"alias\":\"web\",\"note\":\"n\",\"tags\":[\"ops\"],\"password\":\"pw\"}",
                token));
        assertDone(call("PUT", "/api/ab/peer/update/ab-private", "{\"id\":\"123456789\",\"alias\":\"web2\"}", token));
        Response peers = call("GET", "/api/ab/peers" + PAGE + "&ab=ab-private", null,
                token);
        Response tags = call("GET", "/api/ab/tags/ab-private", null, token);
        Response profile = call("GET", "/api/ab/shared/profiles" + PAGE + "&name=Private", null, token);

        assertThat(peers.json().get("data").get(0).get("alias").asText()).isEqualTo("web2");
        assertThat(peers.json().get("data").get(0).get("password").asText()).isEqualTo("pw");
        assertThat(tags.body()).isEqualTo("[{\"name\":\"ops\",\"color\":4278255360}]");
        assertThat(profile.json().get("data").get(0).get("rule").asInt()).isEqualTo(3);
        assertDone(call("DELETE", "/api/ab/peer/ab-private", "[\"123456789\"]", token));
        assertDone(call("DELETE", "/api/ab/tag/ab-private", "[\"ops\"]", token));
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
        assertThat(count("SELECT COUNT(*) FROM address_book_tags")).isZero();
    }

    @Test
    void a_read_write_token_adds_a_shared_book_owned_by_the_first_administrator_and_audited() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);

        Response added = call("POST", "/api/ab/shared/add",
                "{\"name\":\"Ops\",\"note\":null,\"info\":{\"password\":\"pw\"}}", token);
        Response again = call("POST", "/api/ab/shared/add", "{\"name\":\"OPS\",\"note\":\"x\"}", token);

        assertThat(added.status()).isEqualTo(200);
        String guid = added.json().get("guid").asText();
        assertThat(added.body()).isEqualTo("{\"guid\":\"" + guid + "\"}");
        Response profile = call("GET", "/api/ab/shared/profiles" + PAGE + "&name=Ops", null, token);
        assertThat(profile.body()).isEqualTo("{\"total\":1,\"data\":[{\"guid\":\"" + guid + "\",\"name\":\"Ops\","
                + "\"owner\":\"admin\",\"note\":\"\",\"rule\":3,\"info\":{\"password\":\"pw\"}}]}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"error\":\"The owner already has an address book named 'OPS'\"}");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.create' AND typ = 3"
                + " AND iop = 15 AND operator = 'token:test' AND target = '" + guid + "'")).isEqualTo(1);
    }

    @Test
    void a_signed_in_user_adds_a_shared_book_they_own() {
        Response added = call("POST", "/api/ab/shared/add", "{\"name\":\"Bob's\",\"note\":\"mine\"}", login("bob"));

        assertThat(added.status()).isEqualTo(200);
        assertThat(rules("bob")).containsEntry("Bob's", 3);
        assertThat(rules("alice")).doesNotContainKey("Bob's");
    }

    @Test
    void adding_a_shared_book_is_refused_to_read_tokens_and_bad_bodies_writing_nothing() {
        String read = server.apiToken(Resource.ADDRESS_BOOK, Level.READ);
        String write = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);

        Response noToken = http.send("POST", "/api/ab/shared/add", "{\"name\":\"A\",\"note\":null}",
                "Content-Type", "application/json");
        Response readOnly = call("POST", "/api/ab/shared/add", "{\"name\":\"A\",\"note\":null}", read);
        Response blank = call("POST", "/api/ab/shared/add", "{\"name\":\" \",\"note\":null}", write);
        Response badInfo = call("POST", "/api/ab/shared/add", "{\"name\":\"A\",\"info\":\"pw\"}", write);

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).isEqualTo(
                "{\"error\":\"This token lacks the Address Book read-write permission\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).isEqualTo("{\"error\":\"Field 'name' must be a non-blank string\"}");
        assertThat(badInfo.status()).isEqualTo(400);
        assertThat(badInfo.body()).isEqualTo("{\"error\":\"Field 'info' must be an object\"}");
        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = FALSE")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.create'")).isZero();
    }

    @Test
    void view_peer_filters_by_id_and_alias_as_ab_py_sends_them() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        assertDone(call("POST", "/api/ab/peer/add/ab-private", "{\"id\":\"111222\",\"alias\":\"Web\"}", token));
        assertDone(call("POST", "/api/ab/peer/add/ab-private", "{\"id\":\"333444\",\"alias\":\"db\"}", token));

        Response byId = call("GET", "/api/ab/peers?ab=ab-private&id=%25122%25&pageSize=30&current=1", null, token);
        Response byAlias = call("GET", "/api/ab/peers?ab=ab-private&alias=%25D%25&pageSize=30&current=1", null, token);

        assertThat(byId.json().get("total").asInt()).isEqualTo(1);
        assertThat(byId.json().get("data").get(0).get("id").asText()).isEqualTo("111222");
        assertThat(byAlias.json().get("total").asInt()).isEqualTo(1);
        assertThat(byAlias.json().get("data").get(0).get("id").asText()).isEqualTo("333444");
    }

    @Test
    void delete_ab_removes_shared_books_all_or_none() {
        String write = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        String read = server.apiToken(Resource.ADDRESS_BOOK, Level.READ);
        String personal = personalGuid(login("alice"));
        assertDone(call("POST", "/api/ab/peer/add/ab-sales", "{\"id\":\"111\"}", write));

        Response unknown = call("DELETE", "/api/ab/shared", "[\"ab-sales\",\"nope\"]", write);
        Response ofPersonal = call("DELETE", "/api/ab/shared", "[\"ab-sales\",\"" + personal + "\"]", write);
        Response readOnly = call("DELETE", "/api/ab/shared", "[\"ab-sales\"]", read);
        Response readWriteRule = call("DELETE", "/api/ab/shared", "[\"ab-sales\"]", login("bob"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Address book 'nope' not found\"}");
        assertThat(ofPersonal.status()).isEqualTo(400);
        assertThat(ofPersonal.body()).isEqualTo(
                "{\"error\":\"'" + personal + "' is a personal address book, which cannot be deleted\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).isEqualTo("{\"error\":\"This token lacks the Address Book read-write permission\"}");
        assertThat(readWriteRule.status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = FALSE")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.delete'")).isZero();

        assertDone(call("DELETE", "/api/ab/shared", "[\"ab-sales\",\"ab-private\"]", write));

        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = FALSE")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
        assertThat(count("SELECT COUNT(*) FROM address_book_rules WHERE guid = 'r1'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.delete' AND typ = 3"
                + " AND iop = 16")).isEqualTo(2);
    }

    @Test
    void update_ab_changes_only_what_was_sent_and_refuses_unknown_owners_and_read_tokens() {
        String write = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        String read = server.apiToken(Resource.ADDRESS_BOOK, Level.READ);

        Response unknownOwner = call("PUT", "/api/ab/shared/update/profile",
                "{\"guid\":\"ab-sales\",\"name\":\"X\",\"owner\":\"mike\"}", write);
        Response readOnly = call("PUT", "/api/ab/shared/update/profile", "{\"guid\":\"ab-sales\",\"note\":\"x\"}", read);
        Response taken = call("PUT", "/api/ab/shared/update/profile", "{\"guid\":\"ab-sales\",\"name\":\"private\"}",
                write);
        assertThat(unknownOwner.status()).isEqualTo(404);
        assertThat(unknownOwner.body()).isEqualTo("{\"error\":\"No user named 'mike'\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).isEqualTo("{\"error\":\"This token lacks the Address Book read-write permission\"}");
        assertThat(taken.status()).isEqualTo(409);

        assertDone(call("PUT", "/api/ab/shared/update/profile",
                "{\"guid\":\"ab-sales\",\"name\":\"Sales\",\"owner\":\"alice\"}", write));

        Response profile = call("GET", "/api/ab/shared/profiles" + PAGE + "&name=Sales", null, write);
        assertThat(profile.body()).isEqualTo("{\"total\":1,\"data\":[{\"guid\":\"ab-sales\",\"name\":\"Sales\","
                + "\"owner\":\"alice\",\"note\":\"for sales\",\"rule\":3,\"info\":{\"password\":\"shared-pw\"}}]}");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.rename' AND iop = 17"))
                .isEqualTo(1);
    }

    @Test
    void tokens_may_not_use_the_legacy_personal_book() {
        String token = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);

        Response reply = call("POST", "/api/ab/get", null, token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(
                "{\"error\":\"This address-book call needs a signed-in user; API tokens cannot use it\"}");
    }

    @Test
    void shared_profiles_list_the_books_a_rule_opens_with_the_callers_rule() {
        String expectedSales = "{\"guid\":\"ab-sales\",\"name\":\"Sales book\",\"owner\":\"carol\","
                + "\"note\":\"for sales\",\"rule\":2,\"info\":{\"password\":\"shared-pw\"}}";
        String expectedEveryone = "{\"guid\":\"ab-everyone\",\"name\":\"Everyone\",\"owner\":\"carol\","
                + "\"note\":\"\",\"rule\":1,\"info\":{}}";

        Response alice = call("POST", "/api/ab/shared/profiles" + PAGE, null, login("alice"));

        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.body()).isEqualTo("{\"total\":3,\"data\":[" + expectedSales + "," + expectedEveryone
                + ",{\"guid\":\"ab-alice\",\"name\":\"Alice only\",\"owner\":\"carol\",\"note\":\"\",\"rule\":1,"
                + "\"info\":{}}]}");
        assertThat(rules("bob")).isEqualTo(Map.of("Sales book", 2, "Everyone", 1));
        assertThat(rules("carol")).isEqualTo(Map.of("Sales book", 3, "Everyone", 3, "Alice only", 3, "Private", 3));
        assertThat(rules("admin")).isEqualTo(Map.of("Sales book", 3, "Everyone", 3, "Alice only", 3, "Private", 3));
    }

    @Test
    void shared_profiles_are_paged_and_filtered_by_name() {
        String token = login("carol");

        Response page = call("GET", "/api/ab/shared/profiles?current=2&pageSize=3", null, token);
        Response filtered = call("POST", "/api/ab/shared/profiles" + PAGE + "&name=%25a%25", null, token);

        assertThat(page.json().get("total").asInt()).isEqualTo(4);
        assertThat(page.json().get("data")).hasSize(1);
        assertThat(page.json().get("data").get(0).get("name").asText()).isEqualTo("Private");
        assertThat(filtered.json().get("total").asInt()).isEqualTo(3);
    }

    private Map<String, Integer> rules(String user) {
        var data = call("POST", "/api/ab/shared/profiles" + PAGE, null, login(user)).json().get("data");
        Map<String, Integer> rules = new HashMap<>();
        data.forEach(item -> rules.put(item.get("name").asText(), item.get("rule").asInt()));
        return rules;
    }

    @Test
    void the_most_specific_rule_decides_user_over_group_over_everyone_as_in_pro() {
        server.app().database().useTransaction(h -> {
            String rule = "INSERT INTO address_book_rules (guid, address_book_id, user_id, user_group_id, rule,"
                    + " created_at) VALUES (?, (SELECT id FROM address_books WHERE guid = ?),"
                    + " (SELECT id FROM users WHERE name = ?), (SELECT id FROM user_groups WHERE name = ?), ?, 1)";
            h.execute(rule, "r4", "ab-everyone", "alice", null, 3);
            h.execute(rule, "r5", "ab-sales", "alice", null, 1);
            h.execute(rule, "r6", "ab-everyone", null, "Sales", 2);
        });

        assertThat(rules("alice")).containsEntry("Everyone", 3).containsEntry("Sales book", 1);
        assertThat(rules("bob")).containsEntry("Everyone", 2).containsEntry("Sales book", 2);
        assertThat(rules("carol")).containsEntry("Everyone", 3);
    }

    @Test
    void a_read_only_rule_lets_a_user_read_but_not_change() {
        String token = login("alice");

        Response peers = call("POST", "/api/ab/peers" + PAGE + "&ab=ab-alice", null, token);
        Response add = call("POST", "/api/ab/peer/add/ab-alice", "{\"id\":\"123\",\"alias\":\"x\",\"tags\":[]}",
                token);
        Response tag = call("POST", "/api/ab/tag/add/ab-everyone", "{\"name\":\"t\",\"color\":1}", token);

        assertThat(peers.body()).isEqualTo("{\"total\":0,\"data\":[]}");
        assertThat(add.status()).isEqualTo(403);
        assertThat(add.body()).isEqualTo("{\"error\":\"You may only read this address book\"}");
        assertThat(tag.status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
        assertThat(count("SELECT COUNT(*) FROM address_book_tags")).isZero();
    }

    @Test
    void a_read_write_rule_through_the_group_lets_a_user_change_peers_and_tags() {
        String token = login("alice");

        assertDone(call("POST", "/api/ab/tag/add/ab-sales", "{\"name\":\"vip\",\"color\":4288423856}", token));
        assertDone(call("POST", "/api/ab/peer/add/ab-sales",
                "{\"id\":\"123\",\"alias\":\"shop\",\"tags\":[\"vip\"],\"password\":\"pw\"}", token));

        assertThat(call("POST", "/api/ab/peers" + PAGE + "&ab=ab-sales", null, login("bob")).body())
                .isEqualTo("{\"total\":1,\"data\":[{\"id\":\"123\",\"alias\":\"shop\",\"tags\":[\"vip\"],"
                        + "\"username\":\"\",\"hostname\":\"\",\"platform\":\"\",\"note\":\"\",\"password\":\"pw\"}]}");
    }

    @Test
    void a_book_without_a_rule_for_the_caller_is_not_found_whatever_is_asked() {
        String token = login("alice");

        for (Response reply : List.of(
                call("POST", "/api/ab/peers" + PAGE + "&ab=ab-private", null, token),
                call("GET", "/api/ab/tags/ab-private", null, token),
                call("POST", "/api/ab/peer/add/ab-private", "{\"id\":\"123\"}", token),
                call("POST", "/api/ab/peers" + PAGE + "&ab=no-such-book", null, token))) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Address book not found\"}");
        }
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
    }

    @Test
    void a_personal_book_is_private_even_from_administrators() {
        String alice = login("alice");
        String guid = personalGuid(alice);
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"123\",\"hash\":\"secret-hash\"}", alice));

        Response admin = call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, login("admin"));
        Response profiles = call("POST", "/api/ab/shared/profiles" + PAGE, null, login("admin"));

        assertThat(admin.status()).isEqualTo(404);
        assertThat(admin.body()).isEqualTo("{\"error\":\"Address book not found\"}");
        assertThat(profiles.body()).doesNotContain(guid);
    }

    @Test
    void a_peer_keeps_every_field_the_client_sends_and_its_secret_stays_in_the_right_kind_of_book() {
        String token = login("alice");
        String guid = personalGuid(token);
        // the full Peer map of "add to address book", password left in to show it is dropped from personal books
        String peer = "{\"id\":\"123456789\",\"hash\":\"aGFzaA==\",\"password\":\"plain\",\"username\":\"bob\","
                + "\"hostname\":\"pc-1\",\"platform\":\"Windows\",\"alias\":\"Front desk\",\"tags\":[],"
                + "\"forceAlwaysRelay\":\"false\",\"rdpPort\":\"\",\"rdpUsername\":\"\",\"loginName\":\"\","
                + "\"device_group_name\":\"\",\"note\":\"desk\",\"same_server\":null}";

        assertDone(call("POST", "/api/ab/peer/add/" + guid, peer, token));
        assertDone(call("POST", "/api/ab/peer/add/ab-sales", peer, token));

        String personal = call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).body();
        String common = "{\"forceAlwaysRelay\":\"false\",\"rdpPort\":\"\",\"rdpUsername\":\"\",\"loginName\":\"\","
                + "\"device_group_name\":\"\",\"same_server\":null,\"id\":\"123456789\",\"alias\":\"Front desk\","
                + "\"tags\":[],\"username\":\"bob\",\"hostname\":\"pc-1\",\"platform\":\"Windows\",\"note\":\"desk\"";
        assertThat(personal).isEqualTo("{\"total\":1,\"data\":[" + common + ",\"hash\":\"aGFzaA==\"}]}");
        assertThat(call("GET", "/api/ab/peers" + PAGE + "&ab=ab-sales", null, token).body())
                .isEqualTo("{\"total\":1,\"data\":[" + common + ",\"password\":\"plain\"}]}");
        assertThat(count("SELECT COUNT(*) FROM address_book_peers WHERE password IS NOT NULL AND hash IS NOT NULL"))
                .isZero();
    }

    @Test
    void adding_a_peer_that_is_in_the_book_already_is_a_conflict() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"123\",\"alias\":\"first\"}", token));

        Response again = call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"123\",\"alias\":\"second\"}", token);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"error\":\"Peer '123' is already in this address book\"}");
        assertThat(count("SELECT COUNT(*) FROM address_book_peers WHERE alias = 'first'")).isEqualTo(1);
    }

    @Test
    void an_update_changes_only_the_fields_sent_and_an_empty_hash_forgets_the_saved_login() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/peer/add/" + guid,
                "{\"id\":\"123\",\"alias\":\"a\",\"note\":\"n\",\"hash\":\"h\",\"tags\":[]}", token));

        assertDone(call("PUT", "/api/ab/peer/update/" + guid, "{\"id\":\"123\",\"alias\":\"renamed\"}", token));
        assertDone(call("PUT", "/api/ab/peer/update/" + guid,
                "{\"id\":\"123\",\"username\":\"u\",\"hostname\":\"host\",\"platform\":\"Linux\"}", token));
        String before = call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).body();
        assertDone(call("PUT", "/api/ab/peer/update/" + guid, "{\"id\":\"123\",\"hash\":\"\"}", token));

        assertThat(before).isEqualTo("{\"total\":1,\"data\":[{\"id\":\"123\",\"alias\":\"renamed\",\"tags\":[],"
                + "\"username\":\"u\",\"hostname\":\"host\",\"platform\":\"Linux\",\"note\":\"n\",\"hash\":\"h\"}]}");
        assertThat(call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).body())
                .isEqualTo(before.replace(",\"hash\":\"h\"", ""));
        Response unknown = call("PUT", "/api/ab/peer/update/" + guid, "{\"id\":\"999\",\"alias\":\"x\"}", token);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void peers_are_deleted_by_a_json_array_of_ids() {
        String token = login("alice");
        String guid = personalGuid(token);
        for (String id : List.of("1", "2", "3")) {
            assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"" + id + "\"}", token));
        }

        assertDone(call("DELETE", "/api/ab/peer/" + guid, "[\"1\",\"3\",\"not-there\"]", token));

        var data = call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).json();
        assertThat(data.get("total").asInt()).isEqualTo(1);
        assertThat(data.get("data").get(0).get("id").asText()).isEqualTo("2");
        assertThat(call("DELETE", "/api/ab/peer/" + guid, "{\"id\":\"2\"}", token).status()).isEqualTo(400);
        assertThat(call("DELETE", "/api/ab/peer/" + guid, "null", token).status()).isEqualTo(400);
        assertThat(call("DELETE", "/api/ab/peer/" + guid, null, token).status()).isEqualTo(400);
    }

    @Test
    void a_colour_above_two_to_the_31_round_trips_as_an_unsigned_number() {
        String token = login("alice");
        String guid = personalGuid(token);

        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"work\",\"color\":4288423856}", token));
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"home\",\"color\":4294967295}", token));
        assertDone(call("PUT", "/api/ab/tag/update/" + guid, "{\"name\":\"home\",\"color\":0}", token));

        Response tags = call("POST", "/api/ab/tags/" + guid, null, token);
        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.body()).isEqualTo("[{\"name\":\"work\",\"color\":4288423856},{\"name\":\"home\",\"color\":0}]");
        assertThat(call("GET", "/api/ab/tags/" + guid, null, token).body()).isEqualTo(tags.body());
    }

    @Test
    void adding_a_tag_that_exists_is_a_conflict_and_keeps_its_colour() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"work\",\"color\":1}", token));

        Response again = call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"work\",\"color\":2}", token);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"error\":\"Tag 'work' already exists\"}");
        assertThat(call("POST", "/api/ab/tags/" + guid, null, token).body()).isEqualTo("[{\"name\":\"work\",\"color\":1}]");
    }

    @Test
    void a_bad_colour_or_tag_is_refused_and_writes_nothing() {
        String token = login("alice");
        String guid = personalGuid(token);

        for (String body : List.of("{\"name\":\"t\",\"color\":-1}", "{\"name\":\"t\",\"color\":4294967296}",
                "{\"name\":\"t\",\"color\":\"4288423856\"}", "{\"name\":\"t\",\"color\":1.5}", "{\"name\":\"t\"}",
                "{\"name\":\"\",\"color\":1}", "{\"name\":5,\"color\":1}", "[]", "null", "not json")) {
            Response reply = call("POST", "/api/ab/tag/add/" + guid, body, token);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as(body).isNotBlank();
        }
        assertThat(count("SELECT COUNT(*) FROM address_book_tags")).isZero();
        Response wrongType = call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"1\",\"tags\":\"vip\"}", token);
        assertThat(wrongType.body()).isEqualTo("{\"error\":\"Field 'tags' must be a list of tag names\"}");
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
    }

    @Test
    void renaming_a_tag_renames_it_on_every_peer() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"old\",\"color\":1}", token));
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"other\",\"color\":2}", token));
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"1\",\"tags\":[\"old\",\"other\"]}", token));
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"2\",\"tags\":[\"other\"]}", token));

        assertDone(call("PUT", "/api/ab/tag/rename/" + guid, "{\"old\":\"old\",\"new\":\"new\"}", token));

        assertThat(call("POST", "/api/ab/tags/" + guid, null, token).body())
                .isEqualTo("[{\"name\":\"new\",\"color\":1},{\"name\":\"other\",\"color\":2}]");
        var peers = call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).json().get("data");
        assertThat(peers.get(0).get("tags").toString()).isEqualTo("[\"new\",\"other\"]");
        assertThat(peers.get(1).get("tags").toString()).isEqualTo("[\"other\"]");
        Response taken = call("PUT", "/api/ab/tag/rename/" + guid, "{\"old\":\"new\",\"new\":\"other\"}", token);
        assertThat(taken.status()).isEqualTo(409);
    }

    @Test
    void deleting_tags_takes_them_off_every_peer() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"a\",\"color\":1}", token));
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"b\",\"color\":2}", token));
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"1\",\"tags\":[\"a\",\"b\"]}", token));

        assertDone(call("DELETE", "/api/ab/tag/" + guid, "[\"a\"]", token));

        assertThat(call("POST", "/api/ab/tags/" + guid, null, token).body()).isEqualTo("[{\"name\":\"b\",\"color\":2}]");
        assertThat(call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).json()
                .get("data").get(0).get("tags").toString()).isEqualTo("[\"b\"]");
    }

    @Test
    void a_legacy_push_is_read_back_through_the_new_api() {
        String token = login("alice");
        String document = "{\"tags\":[\"work\",\"home\"],\"peers\":[{\"id\":\"123\",\"username\":\"u\","
                + "\"hostname\":\"h\",\"platform\":\"Windows\",\"alias\":\"a\",\"tags\":[\"work\"],\"hash\":\"xyz\"}],"
                + "\"tag_colors\":\"{\\\"work\\\":4288423856,\\\"home\\\":16}\"}";

        assertDone(call("POST", "/api/ab", "{\"data\":" + quoted(document) + "}", token));

        String guid = personalGuid(token);
        assertThat(call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).body())
                .isEqualTo("{\"total\":1,\"data\":[{\"id\":\"123\",\"alias\":\"a\",\"tags\":[\"work\"],"
                        + "\"username\":\"u\",\"hostname\":\"h\",\"platform\":\"Windows\",\"note\":\"\","
                        + "\"hash\":\"xyz\"}]}");
        assertThat(call("POST", "/api/ab/tags/" + guid, null, token).body())
                .isEqualTo("[{\"name\":\"work\",\"color\":4288423856},{\"name\":\"home\",\"color\":16}]");
    }

    @Test
    void a_new_api_change_is_read_back_through_the_legacy_calls() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/tag/add/" + guid, "{\"name\":\"work\",\"color\":4288423856}", token));
        assertDone(call("POST", "/api/ab/peer/add/" + guid,
                "{\"id\":\"123\",\"alias\":\"a\",\"tags\":[\"work\"],\"hash\":\"xyz\"}", token));

        Response flutter = call("GET", "/api/ab", null, token);
        Response sciter = http.postJson("/api/ab/get", "{}", "Authorization", "Bearer " + token);

        String document = "{\"tags\":[\"work\"],\"peers\":[{\"id\":\"123\",\"alias\":\"a\",\"tags\":[\"work\"],"
                + "\"username\":\"\",\"hostname\":\"\",\"platform\":\"\",\"note\":\"\",\"hash\":\"xyz\"}],"
                + "\"tag_colors\":\"{\\\"work\\\":4288423856}\"}";
        assertThat(flutter.status()).isEqualTo(200);
        assertThat(flutter.body()).isEqualTo("{\"data\":" + quoted(document) + "}");
        assertThat(sciter.json().get("data").asText()).isEqualTo(document);
        assertThat(sciter.json().get("updated_at").asLong()).isPositive();
    }

    @Test
    void a_legacy_push_replaces_the_whole_book_and_a_bad_one_writes_nothing() {
        String token = login("alice");
        String guid = personalGuid(token);
        assertDone(call("POST", "/api/ab/peer/add/" + guid, "{\"id\":\"old\"}", token));

        for (String body : List.of("{}", "{\"data\":5}", "{\"data\":\"not json\"}",
                "{\"data\":\"{\\\"peers\\\":[{\\\"id\\\":\\\"1\\\",\\\"tags\\\":\\\"x\\\"}]}\"}",
                "{\"data\":\"{\\\"tags\\\":[\\\"t\\\"],\\\"tag_colors\\\":\\\"{\\\\\\\"t\\\\\\\":-5}\\\"}\"}")) {
            assertThat(call("POST", "/api/ab", body, token).status()).as(body).isEqualTo(400);
        }
        assertThat(count("SELECT COUNT(*) FROM address_book_peers WHERE rustdesk_id = 'old'")).isEqualTo(1);

        // Sciter sends tags and peers only, its peers with keys of their own
        assertDone(call("POST", "/api/ab", "{\"data\":" + quoted(
                "{\"tags\":[\"t\"],\"peers\":[{\"id\":\"new\",\"tags\":[\"t\"],\"password\":\"p\",\"online\":true}]}")
                + "}", token));
        assertThat(call("POST", "/api/ab/peers" + PAGE + "&ab=" + guid, null, token).body())
                .isEqualTo("{\"total\":1,\"data\":[{\"online\":true,\"id\":\"new\",\"alias\":\"\",\"tags\":[\"t\"],"
                        + "\"username\":\"\",\"hostname\":\"\",\"platform\":\"\",\"note\":\"\"}]}");
        assertThat(call("POST", "/api/ab/tags/" + guid, null, token).body()).isEqualTo("[{\"name\":\"t\",\"color\":0}]");
    }

    private static String quoted(String text) {
        return Json.write(text);
    }
}
