package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import org.junit.jupiter.api.Test;
import org.rdhub.support.OnEachDatabase;

/** /api/login, /api/currentUser and /api/logout, sent the way RustDesk clients send them. */
class AccountApiTest extends OnEachDatabase {
    // the body Flutter sends for a password login (hbbs.dart LoginRequest.toJson)
    private static final String FLUTTER_LOGIN = """
            {"username":"admin","password":"test1234","id":"123456789","uuid":"dXVpZA==","autoLogin":true,
             "type":"account","deviceInfo":{"os":"linux","type":"client","name":"desk-1"}}""";


    private String login() {
        return http.postJson("/api/login", FLUTTER_LOGIN).json().get("access_token").asText();
    }

    @Test
    void password_login_answers_an_access_token_and_the_user_payload() {
        var reply = http.postJson("/api/login", FLUTTER_LOGIN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        var json = reply.json();
        assertThat(json.get("type").asText()).isEqualTo("access_token");
        assertThat(json.get("access_token").asText()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(json.get("user").toString()).isEqualTo(
                "{\"name\":\"admin\",\"display_name\":\"\",\"avatar\":\"\",\"email\":\"\",\"note\":\"\","
                        + "\"status\":1,\"is_admin\":true}");
    }

    @Test
    void login_accepts_charset_suffix_unknown_fields_and_a_name_in_other_case() {
        var reply = http.send("POST", "/api/login",
                "{\"username\":\"Admin\",\"password\":\"test1234\",\"type\":\"account\",\"futureField\":[1,2]}",
                "Content-Type", "application/json; charset=utf-8");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("user").get("name").asText()).isEqualTo("admin");
    }

    @Test
    void sciter_login_without_type_or_device_info_works() {
        var reply = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("type").asText()).isEqualTo("access_token");
    }

    @Test
    void wrong_password_and_unknown_user_get_the_same_401_error() {
        var wrongPassword = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"nope1234\"}");
        var unknownUser = http.postJson("/api/login", "{\"username\":\"ghost\",\"password\":\"test1234\"}");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo("{\"error\":\"Wrong username or password\"}");
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void bad_login_bodies_get_400_with_a_clear_error_and_issue_no_token() {
        assertThat(http.postJson("/api/login", "{\"username\":").body())
                .isEqualTo("{\"error\":\"The request body is not valid JSON\"}");
        assertThat(http.postJson("/api/login", "{\"username\":{\"a\":1},\"password\":\"x\"}").body())
                .isEqualTo("{\"error\":\"Field 'username' has the wrong type\"}");
        assertThat(http.postJson("/api/login", "{\"username\":5,\"password\":\"test1234\"}").body())
                .isEqualTo("{\"error\":\"Field 'username' has the wrong type\"}");
        assertThat(http.postJson("/api/login", "[1,2]").body())
                .isEqualTo("{\"error\":\"The request body must be a JSON object\"}");
        assertThat(http.postJson("/api/login", null).body())
                .isEqualTo("{\"error\":\"Username and password are required\"}");
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\"}").status()).isEqualTo(400);
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\",\"type\":\"sms\"}")
                .body()).isEqualTo("{\"error\":\"Unsupported login type 'sms'\"}");

        long tokens = server.app().database().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM access_tokens").mapTo(Long.class).one());
        assertThat(tokens).isZero();
    }

    @Test
    void current_user_answers_the_bare_user_payload() {
        String token = login();

        var reply = http.postJson("/api/currentUser", "{\"id\":\"123456789\",\"uuid\":\"dXVpZA==\"}", bearer(token));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"name\":\"admin\",\"display_name\":\"\",\"avatar\":\"\","
                + "\"email\":\"\",\"note\":\"\",\"status\":1,\"is_admin\":true}");
    }

    @Test
    void current_user_without_a_valid_token_is_401_invalid_token() {
        var none = http.postJson("/api/currentUser", "{}");
        var wrong = http.postJson("/api/currentUser", "{}", bearer("not-a-token"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"Invalid token\"}");
    }

    @Test
    void logout_revokes_the_token_and_answers_200_with_an_empty_body() {
        String token = login();
        String otherDevice = login();

        var reply = http.postJson("/api/logout", "{\"id\":\"123456789\",\"uuid\":\"dXVpZA==\"}", bearer(token));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(http.postJson("/api/currentUser", "{}", bearer(token)).status()).isEqualTo(401);
        assertThat(http.postJson("/api/currentUser", "{}", bearer(otherDevice)).status()).isEqualTo(200);
        assertThat(http.postJson("/api/logout", "{}", bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void disabled_user_cannot_log_in_and_loses_existing_tokens() {
        String token = login();
        server.app().database().withHandle(h -> h.createUpdate("UPDATE users SET status = 0").execute());

        var reply = http.postJson("/api/login", FLUTTER_LOGIN);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo("{\"error\":\"This account is disabled\"}");
        assertThat(http.postJson("/api/currentUser", "{}", bearer(token)).status()).isEqualTo(401);
    }

    @Test
    void login_records_the_device_and_last_use_is_written_in_batches() {
        String token = login();
        http.postJson("/api/currentUser", "{}", bearer(token));

        var row = server.app().database().withHandle(h -> h.createQuery(
                "SELECT device_id, device_info, last_used_at FROM access_tokens").mapToMap().one());
        assertThat(row.get("device_id")).isEqualTo("123456789");
        assertThat(row.get("device_info").toString()).contains("\"name\":\"desk-1\"");
        assertThat(row.get("last_used_at")).isNull();

        server.app().tokenUsage().flush();

        var lastUsed = server.app().database().withHandle(h -> h.createQuery(
                "SELECT last_used_at FROM access_tokens").mapTo(Long.class).one());
        assertThat(lastUsed).isNotNull();
    }
}
