package org.rdhub.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** ab.py's rule commands: view-rule, add-rule, update-rule, delete-rule, with API tokens as the script sends them. */
class AddressBookRulesTest extends OnEachDatabase {
    private String rw;
    private String book;

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES ('g-sales', 'Sales', 1, 1)");
            h.execute("INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT 'u-alice', 'alice', 1, id, 1, 1 FROM user_groups WHERE name = 'Sales'");
        });
        server.app().users().resetPassword(new Caller.CommandLine(), "alice", "alice-password");
        rw = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        book = http.send("POST", "/api/ab/shared/add", "{\"name\":\"Shop\",\"note\":null}",
                "Content-Type", "application/json", "Authorization", "Bearer " + rw).json().get("guid").asText();
    }

    private Http.Response send(String method, String path, String body, String token) {
        return http.send(method, path, body, "Content-Type", "application/json", "Authorization", "Bearer " + token);
    }

    private String addRule(String subject, int rule) {
        var reply = send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":" + rule + subject + "}", rw);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("guid").asText();
    }

    private String rules(String token) {
        var reply = http.get("/api/ab/rules?ab=" + book + "&pageSize=30&current=1", bearer(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    private int aliceRule() {
        String token = http.postJson("/api/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
                .json().get("access_token").asText();
        var profiles = http.send("POST", "/api/ab/shared/profiles?current=1&pageSize=100", null,
                "Authorization", "Bearer " + token).json().get("data");
        return profiles.isEmpty() ? 0 : profiles.get(0).get("rule").asInt();
    }

    @Test
    void rules_for_a_user_a_group_and_everyone_are_added_listed_and_decide_access() {
        String user = addRule(",\"user\":\"alice\"", 2);
        String group = addRule(",\"group\":\"Sales\"", 1);
        String everyone = addRule("", 1);

        assertThat(rules(rw)).isEqualTo("{\"total\":3,\"data\":[{\"guid\":\"" + user + "\",\"rule\":2,\"user\":\"alice\"},"
                + "{\"guid\":\"" + group + "\",\"rule\":1,\"group\":\"Sales\"},{\"guid\":\"" + everyone + "\",\"rule\":1}]}");
        assertThat(aliceRule()).isEqualTo(2);
        long audits = server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM console_audits WHERE action = 'address-book.rule-add' AND typ = 3 AND iop = 20")
                .mapTo(Long.class).one());
        assertThat(audits).isEqualTo(3);
    }

    @Test
    void update_rule_changes_the_level_and_delete_rules_is_all_or_nothing() {
        String user = addRule(",\"user\":\"alice\"", 1);

        var updated = send("PATCH", "/api/ab/rule", "{\"guid\":\"" + user + "\",\"rule\":3}", rw);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).isEmpty();
        assertThat(aliceRule()).isEqualTo(3);

        var partly = send("DELETE", "/api/ab/rules", "[\"" + user + "\",\"no-such-rule\"]", rw);
        assertThat(partly.status()).isEqualTo(404);
        assertThat(partly.body()).isEqualTo("{\"error\":\"Rule 'no-such-rule' not found\"}");
        assertThat(aliceRule()).isEqualTo(3);

        var deleted = send("DELETE", "/api/ab/rules", "[\"" + user + "\"]", rw);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(aliceRule()).isZero();
    }

    @Test
    void bad_rules_are_refused_and_write_nothing() {
        addRule(",\"user\":\"alice\"", 1);

        assertThat(send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":1,\"user\":\"alice\"}", rw).status())
                .isEqualTo(409);
        assertThat(send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":4}", rw).body())
                .isEqualTo("{\"error\":\"rule must be 1 (read-only), 2 (read-write) or 3 (full control)\"}");
        assertThat(send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":1,\"user\":\"alice\","
                + "\"group\":\"Sales\"}", rw).status()).isEqualTo(400);
        assertThat(send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":1,\"user\":\"ghost\"}", rw).body())
                .isEqualTo("{\"error\":\"No user named 'ghost'\"}");
        assertThat(send("POST", "/api/ab/rule", "{\"guid\":\"nope\",\"rule\":1}", rw).status()).isEqualTo(404);
        assertThat(rules(rw)).contains("\"total\":1");
    }

    @Test
    void a_read_token_lists_rules_but_cannot_change_them() {
        addRule(",\"user\":\"alice\"", 1);
        String read = server.apiToken(Resource.ADDRESS_BOOK, Level.READ);

        assertThat(rules(read)).contains("\"total\":1");
        var refused = send("POST", "/api/ab/rule", "{\"guid\":\"" + book + "\",\"rule\":2}", read);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(rules(rw)).contains("\"total\":1");
        assertThat(http.get("/api/ab/rules?ab=" + book, bearer(server.apiToken(Resource.DEVICE, Level.READ_WRITE)))
                .status()).isEqualTo(403);
        assertThat(http.get("/api/ab/rules?ab=" + book).status()).isEqualTo(401);
    }
}
