package org.rdhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** users.py's changes (#2, #4–#9 of the spec) sent as the script sends them, and the CSV export. */
class UserAdminApiTest extends OnEachDatabase {
    String rw;

    @BeforeEach
    void token() {
        rw = server.apiToken(Resource.USER, Level.READ_WRITE);
    }

    // --- what users.py sends ---------------------------------------------------------------------------------

    /** A JSON request with Content-Type, as users.py's new, invite, 2FA and logout calls send it. */
    private Http.Response json(String method, String path, String body, String token) {
        return http.send(method, path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** enable, disable, delete: no body, no Content-Type. */
    private Http.Response bare(String method, String path, String token) {
        return http.send(method, path, null, bearer(token));
    }

    private Http.Response newUser(String name, String password, String group) {
        return json("POST", "/api/users", "{\"name\":\"" + name + "\",\"password\":\"" + password
                + "\",\"group_name\":\"" + group + "\"}", rw);
    }

    private String guidOf(String name) {
        JsonNode page = http.get("/api/users?name=" + name + "&pageSize=30&current=1", bearer(rw)).json();
        for (JsonNode user : page.get("data")) {
            if (user.get("name").asText().equals(name)) {
                return user.get("guid").asText();
            }
        }
        throw new AssertionError("no user " + name);
    }

    private Http.Response login(String name, String password) {
        return http.postJson("/api/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
    }

    private String loginToken(String name, String password) {
        var reply = login(name, password);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private boolean flag(String column, String name) {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT " + column + " FROM users WHERE name = :name").bind("name", name).mapTo(Boolean.class).one());
    }

    private List<String> audits() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT action || ' ' || COALESCE(CAST(typ AS VARCHAR(4)), '-') || '/'"
                        + " || COALESCE(CAST(iop AS VARCHAR(4)), '-') || ' ' || target FROM console_audits"
                        + " WHERE action LIKE 'user.%' ORDER BY id")
                .mapTo(String.class).list());
    }

    private static String guids(String... guids) {
        return "[\"" + String.join("\",\"", guids) + "\"]";
    }

    // --- new -------------------------------------------------------------------------------------------------

    @Test
    void new_creates_a_user_who_can_sign_in() {
        server.app().database().useTransaction(h -> h.createUpdate(
                "INSERT INTO user_groups (guid, name, note, created_at, updated_at)"
                        + " VALUES ('g-sales', 'Sales Team', '', 1, 1)").execute());

        var reply = json("POST", "/api/users", """
                {"name":"username","password":"password123","group_name":"Sales Team","email":"u@example.com",
                 "note":"from users.py"}""", rw);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("guid").asText()).isEqualTo(guidOf("username"));
        JsonNode user = http.get("/api/users?name=%25username%25&pageSize=30&current=1", bearer(rw))
                .json().get("data").get(0);
        assertThat(user.get("group_name").asText()).isEqualTo("Sales Team");
        assertThat(user.get("email").asText()).isEqualTo("u@example.com");
        assertThat(user.get("note").asText()).isEqualTo("from users.py");
        assertThat(user.get("status").asInt()).isEqualTo(1);
        assertThat(user.get("is_admin").asBoolean()).isFalse();
        assertThat(login("username", "password123").status()).isEqualTo(200);
        assertThat(audits()).containsExactly("user.create 1/2 username");
    }

    @Test
    void new_may_make_an_administrator_for_the_console() {
        var reply = json("POST", "/api/users",
                "{\"name\":\"boss\",\"password\":\"password123\",\"group_name\":\"Default\",\"is_admin\":true}", rw);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(flag("is_admin", "boss")).isTrue();
    }

    @Test
    void new_with_bad_input_gets_a_clear_error_and_creates_nothing() {
        newUser("taken", "password123", "Default");
        long before = count("SELECT COUNT(*) FROM users");

        var duplicate = newUser("TAKEN", "password123", "Default");
        var unknownGroup = newUser("fresh", "password123", "Nobody");
        var shortPassword = newUser("fresh", "short", "Default");
        var noPassword = json("POST", "/api/users", "{\"name\":\"fresh\",\"group_name\":\"Default\"}", rw);
        var noName = json("POST", "/api/users", "{\"password\":\"password123\",\"group_name\":\"Default\"}", rw);
        var wrongType = json("POST", "/api/users", "{\"name\":5,\"password\":\"password123\"}", rw);
        var badEmail = json("POST", "/api/users",
                "{\"name\":\"fresh\",\"password\":\"password123\",\"email\":\"not an address\"}", rw);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).isEqualTo("{\"error\":\"A user named 'TAKEN' already exists\"}");
        assertThat(unknownGroup.status()).isEqualTo(404);
        assertThat(unknownGroup.body()).isEqualTo("{\"error\":\"No user group named 'Nobody'\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("at least 8 characters");
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).isEqualTo("{\"error\":\"A user name is required\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("{\"error\":\"Field 'name' has the wrong type\"}");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(before);
    }

    // --- enable, disable, delete -----------------------------------------------------------------------------

    @Test
    void disable_signs_the_user_out_everywhere_and_enable_lets_them_back_in() {
        newUser("testuser", "password123", "Default");
        String guid = guidOf("testuser");
        String clientToken = loginToken("testuser", "password123");

        var disabled = bare("POST", "/api/users/" + guid + "/disable", rw);

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body()).isEmpty();
        assertThat(http.postJson("/api/currentUser", "{}", bearer(clientToken)).status()).isEqualTo(401);
        var refused = login("testuser", "password123");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("disabled");

        var enabled = bare("POST", "/api/users/" + guid + "/enable", rw);

        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.body()).isEmpty();
        assertThat(login("testuser", "password123").status()).isEqualTo(200);
        assertThat(audits()).containsExactly("user.create 1/2 testuser", "user.disable 1/7 testuser",
                "user.enable 1/6 testuser");
    }

    @Test
    void delete_removes_the_user_and_their_sign_ins() {
        newUser("testuser", "password123", "Default");
        String guid = guidOf("testuser");
        loginToken("testuser", "password123");

        var deleted = bare("DELETE", "/api/users/" + guid, rw);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'testuser'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM access_tokens")).isZero();
        assertThat(audits()).endsWith("user.delete 1/13 testuser");
        assertThat(bare("DELETE", "/api/users/" + guid, rw).status()).isEqualTo(404);
    }

    @Test
    void a_user_who_owns_shared_address_books_is_kept_until_they_have_another_owner() {
        newUser("testuser", "password123", "Default");
        String guid = guidOf("testuser");
        String book = http.send("POST", "/api/ab/shared/add", "{\"name\":\"Team\",\"note\":\"\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + loginToken("testuser", "password123"))
                .json().get("guid").asText();

        var refused = bare("DELETE", "/api/users/" + guid, rw);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("User 'testuser' owns 1 shared address book(s);"
                + " give them another owner first (ab.py update-ab --owner)");
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'testuser'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = FALSE")).isEqualTo(1);
        String abToken = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        assertThat(http.send("PUT", "/api/ab/shared/update/profile", "{\"guid\":\"" + book + "\",\"owner\":\"admin\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + abToken).status()).isEqualTo(200);
        assertThat(bare("DELETE", "/api/users/" + guid, rw).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM address_books WHERE personal = FALSE")).isEqualTo(1);
    }

    @Test
    void the_last_enabled_administrator_cannot_be_disabled_or_deleted() {
        String admin = guidOf("admin");

        var disable = bare("POST", "/api/users/" + admin + "/disable", rw);
        var delete = bare("DELETE", "/api/users/" + admin, rw);

        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.json().get("error").asText()).startsWith("'admin' is the last enabled administrator");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'admin' AND status = 1")).isEqualTo(1);

        json("POST", "/api/users", "{\"name\":\"boss\",\"password\":\"password123\",\"is_admin\":true}", rw);
        assertThat(bare("POST", "/api/users/" + admin + "/disable", rw).status()).isEqualTo(200);
        assertThat(bare("DELETE", "/api/users/" + guidOf("boss"), rw).status()).isEqualTo(409);
    }

    @Test
    void unknown_guids_get_404() {
        String missing = "01983006-fcca-7c12-9a91-b1df483c6073";

        var enable = bare("POST", "/api/users/" + missing + "/enable", rw);

        assertThat(enable.status()).isEqualTo(404);
        assertThat(enable.body()).isEqualTo("{\"error\":\"No user with guid '" + missing + "'\"}");
        assertThat(bare("POST", "/api/users/" + missing + "/disable", rw).status()).isEqualTo(404);
        assertThat(bare("DELETE", "/api/users/" + missing, rw).status()).isEqualTo(404);
    }

    // --- 2FA enforcement, login verification, force-logout ---------------------------------------------------

    @Test
    void enable_and_disable_2fa_enforce_set_the_flag_and_login_says_why() {
        newUser("testuser", "password123", "Default");
        newUser("testuser2", "password123", "Default");
        String body = "{\"user_guids\":" + guids(guidOf("testuser"), guidOf("testuser2"))
                + ",\"enforce\":true,\"url\":\"https://console.example.com\"}";

        var on = json("PUT", "/api/users/tfa/totp/enforce", body, rw);

        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.body()).isEmpty();
        assertThat(flag("tfa_enforced", "testuser")).isTrue();
        assertThat(flag("tfa_enforced", "testuser2")).isTrue();
        var refused = login("testuser", "password123");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("two-factor authentication");

        var off = json("PUT", "/api/users/tfa/totp/enforce",
                "{\"user_guids\":" + guids(guidOf("testuser")) + ",\"enforce\":false,\"url\":\"\"}", rw);

        assertThat(off.status()).isEqualTo(200);
        assertThat(flag("tfa_enforced", "testuser")).isFalse();
        assertThat(login("testuser", "password123").status()).isEqualTo(200);
        assertThat(audits()).contains("user.tfa-enforce 1/11 testuser");
    }

    @Test
    void disable_email_verification_and_reset_2fa() {
        newUser("testuser", "password123", "Default");
        server.app().database().useTransaction(h -> h.createUpdate("""
                UPDATE users SET email_verification = TRUE, totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = 1,
                                 totp_last_step = 99 WHERE name = 'testuser'""").execute());
        String body = "{\"user_guids\":" + guids(guidOf("testuser"));

        var email = json("PUT", "/api/users/disable_login_verification", body + ",\"type\":\"email\"}", rw);

        assertThat(email.status()).isEqualTo(200);
        assertThat(flag("email_verification", "testuser")).isFalse();
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'testuser' AND totp_enabled_at IS NOT NULL"))
                .isEqualTo(1);

        var totp = json("PUT", "/api/users/disable_login_verification", body + ",\"type\":\"2fa\"}", rw);

        assertThat(totp.status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'testuser' AND totp_secret IS NULL"
                + " AND totp_enabled_at IS NULL AND totp_last_step = 0")).isEqualTo(1);
        assertThat(login("testuser", "password123").json().has("access_token")).isTrue();

        var badType = json("PUT", "/api/users/disable_login_verification", body + ",\"type\":\"sms\"}", rw);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).isEqualTo("{\"error\":\"type must be \\\"email\\\" or \\\"2fa\\\"\"}");
    }

    @Test
    void force_logout_revokes_every_client_token_and_console_session() {
        newUser("testuser", "password123", "Default");
        String first = loginToken("testuser", "password123");
        loginToken("testuser", "password123");
        String adminToken = loginToken("admin", "test1234");
        User user = server.app().database().withHandle(h -> new UserStore().findByName(h, "testuser")).orElseThrow();
        long userId = user.id();
        server.app().consoleSessions().start(user, "127.0.0.1", "test");

        var reply = json("POST", "/api/users/force-logout", "{\"user_guids\":" + guids(guidOf("testuser")) + "}", rw);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM access_tokens WHERE user_id = " + userId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_sessions WHERE user_id = " + userId)).isZero();
        assertThat(http.postJson("/api/currentUser", "{}", bearer(first)).status()).isEqualTo(401);
        assertThat(http.postJson("/api/currentUser", "{}", bearer(adminToken)).status()).isEqualTo(200);
        assertThat(audits()).endsWith("user.force-logout -/- testuser");
    }

    @Test
    void guid_lists_are_all_or_nothing() {
        newUser("testuser", "password123", "Default");
        String known = guidOf("testuser");
        String missing = "01983006-fcca-7c12-9a91-b1df483c6073";
        long audits = count("SELECT COUNT(*) FROM console_audits");

        var enforce = json("PUT", "/api/users/tfa/totp/enforce",
                "{\"user_guids\":" + guids(known, missing) + ",\"enforce\":true,\"url\":\"https://c.example\"}", rw);
        var empty = json("PUT", "/api/users/tfa/totp/enforce",
                "{\"user_guids\":[],\"enforce\":true,\"url\":\"https://c.example\"}", rw);
        var noEnforce = json("PUT", "/api/users/tfa/totp/enforce", "{\"user_guids\":" + guids(known) + "}", rw);
        var badUrl = json("PUT", "/api/users/tfa/totp/enforce",
                "{\"user_guids\":" + guids(known) + ",\"enforce\":true,\"url\":\"javascript:alert(1)\"}", rw);
        var logout = json("POST", "/api/users/force-logout", "{\"user_guids\":" + guids(known, missing) + "}", rw);
        var noList = json("POST", "/api/users/force-logout", "{}", rw);
        var notAList = json("POST", "/api/users/force-logout", "{\"user_guids\":\"" + known + "\"}", rw);
        var verification = json("PUT", "/api/users/disable_login_verification",
                "{\"user_guids\":" + guids(missing) + ",\"type\":\"email\"}", rw);

        assertThat(enforce.status()).isEqualTo(404);
        assertThat(enforce.body()).isEqualTo("{\"error\":\"No user with guid '" + missing + "'\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("{\"error\":\"user_guids must list at least one user\"}");
        assertThat(noEnforce.status()).isEqualTo(400);
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(logout.status()).isEqualTo(404);
        assertThat(noList.status()).isEqualTo(400);
        assertThat(notAList.status()).isEqualTo(400);
        assertThat(verification.status()).isEqualTo(404);
        assertThat(flag("tfa_enforced", "testuser")).isFalse();
        assertThat(count("SELECT COUNT(*) FROM console_audits")).isEqualTo(audits);
    }

    // --- permissions -----------------------------------------------------------------------------------------

    /** Every users.py change on a fresh target user, with the given token; returns the statuses in order. */
    private List<Integer> everyChange(String token) {
        newUser("target", "password123", "Default");
        String guid = guidOf("target");
        String list = "{\"user_guids\":" + guids(guid);
        List<Integer> statuses = new ArrayList<>();
        statuses.add(json("POST", "/api/users", "{\"name\":\"made\",\"password\":\"password123\"}", token).status());
        statuses.add(json("POST", "/api/users/invite",
                "{\"email\":\"i@example.com\",\"name\":\"invited\",\"group_name\":\"Default\"}", token).status());
        statuses.add(json("PUT", "/api/users/tfa/totp/enforce",
                list + ",\"enforce\":true,\"url\":\"https://c.example\"}", token).status());
        statuses.add(json("PUT", "/api/users/disable_login_verification", list + ",\"type\":\"email\"}", token)
                .status());
        statuses.add(json("POST", "/api/users/force-logout", list + "}", token).status());
        statuses.add(bare("POST", "/api/users/" + guid + "/disable", token).status());
        statuses.add(bare("POST", "/api/users/" + guid + "/enable", token).status());
        statuses.add(bare("DELETE", "/api/users/" + guid, token).status());
        return statuses;
    }

    @Test
    void changes_need_user_read_write() {
        String none = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        String read = server.apiToken(Resource.USER, Level.READ);
        long users = count("SELECT COUNT(*) FROM users");

        assertThat(everyChange(none)).containsOnly(403);
        assertThat(everyChange(read)).containsOnly(403);
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(users + 1);
        var refused = bare("POST", "/api/users/" + guidOf("target") + "/disable", read);
        assertThat(refused.body()).isEqualTo("{\"error\":\"This token lacks the User read-write permission\"}");
        // invite needs a mail server, so 400 rather than 200 is the proof of passing the permission check
        assertThat(everyChange(rw)).containsExactly(200, 400, 200, 200, 200, 200, 200, 200);
    }

    @Test
    void changes_need_a_valid_token() {
        String guid = guidOf("admin");

        var none = http.send("POST", "/api/users/" + guid + "/disable", null);
        var bad = bare("DELETE", "/api/users/" + guid, "no-such-token");
        var badJson = json("POST", "/api/users", "{\"name\":\"x\",\"password\":\"password123\"}", "no-such-token");

        for (var reply : List.of(none, bad, badJson)) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        }
    }

    @Test
    void signed_in_users_need_to_be_administrators() {
        newUser("plain", "password123", "Default");
        String plain = loginToken("plain", "password123");
        String admin = loginToken("admin", "test1234");

        assertThat(everyChange(plain)).containsOnly(403);
        var export = http.get("/api/users/export.csv", bearer(plain));
        assertThat(export.status()).isEqualTo(403);
        assertThat(export.body()).isEqualTo("{\"error\":\"Only administrators may do this\"}");
        assertThat(json("POST", "/api/users", "{\"name\":\"made\",\"password\":\"password123\"}", admin).status())
                .isEqualTo(200);
    }

    // --- export ----------------------------------------------------------------------------------------------

    @Test
    void export_csv_has_every_matching_user_with_a_header_row() {
        json("POST", "/api/users", """
                {"name":"sales1","password":"password123","email":"s1@example.com","note":"=cmd, \\"quoted\\""}""", rw);
        for (int i = 2; i <= 40; i++) {
            newUser("sales" + i, "password123", "Default");
        }
        bare("POST", "/api/users/" + guidOf("sales2") + "/disable", rw);

        var all = http.get("/api/users/export.csv", bearer(server.apiToken(Resource.USER, Level.READ)));
        var filtered = http.get("/api/users/export.csv?name=%25sales1%25&group_name=%25default%25", bearer(rw));

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(all.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"users.csv\"");
        String[] lines = all.body().split("\r\n");
        assertThat(lines).hasSize(42);
        assertThat(lines[0]).isEqualTo("name,display name,email,group,admin,status,note,created at");
        assertThat(lines[1]).startsWith("admin,,,Default,true,active,,");
        assertThat(lines[2]).startsWith("sales1,,s1@example.com,Default,false,active,\"'=cmd, \"\"quoted\"\"\",");
        assertThat(lines[3]).startsWith("sales2,,,Default,false,disabled,");
        assertThat(filtered.body().split("\r\n")).hasSize(1 + 11);
        assertThat(http.get("/api/users/export.csv", bearer(server.apiToken(Resource.DEVICE, Level.READ))).status())
                .isEqualTo(403);
        assertThat(http.get("/api/users/export.csv").status()).isEqualTo(401);
    }
}
