package org.rdhub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.ConnectAccess.Allowed;
import org.rdhub.access.ConnectAccess.Decision;
import org.rdhub.access.ConnectAccess.Refusal;
import org.rdhub.access.ConnectAccess.Refused;
import org.rdhub.audit.ConnectAlarms;
import org.rdhub.audit.DeviceAuditStore;
import org.rdhub.auth.AccessTokenStore;
import org.rdhub.auth.ApiTokenStore;
import org.rdhub.auth.Authenticator;
import org.rdhub.auth.TokenUsage;
import org.rdhub.devices.DeviceStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.users.UserStore;

/**
 * The rendezvous server's access decision, per role and state. The fixture: Sales = {alice, bob}, Support =
 * {carol} with a grant on Sales; devices A1 (alice's), B1 (bob's), C1 (carol's), U1 (unassigned) and X1 (alice's,
 * disabled).
 */
class ConnectAccessTest extends OnEachDatabase {
    private static final String IP = "203.0.113.7";

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES"
                    + " ('g-sales', 'Sales', 1, 1), ('g-support', 'Support', 2, 2)");
            String user = "INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT ?, ?, 1, id, ?, ? FROM user_groups WHERE name = ?";
            long t = System.currentTimeMillis();
            h.execute(user, "u-alice", "alice", t + 1, t, "Sales");
            h.execute(user, "u-bob", "bob", t + 2, t, "Sales");
            h.execute(user, "u-carol", "carol", t + 3, t, "Support");
            h.execute("INSERT INTO access_grants (subject_user_group_id, target_user_group_id, created_at)"
                    + " SELECT s.id, t.id, 1 FROM user_groups s, user_groups t WHERE s.name = 'Support' AND t.name = 'Sales'");
            String device = "INSERT INTO devices (guid, rustdesk_id, enabled, owner_user_id, created_at)"
                    + " VALUES (?, ?, ?, (SELECT id FROM users WHERE name = ?), ?)";
            h.execute(device, "d1", "A1", true, "alice", t + 1);
            h.execute(device, "d2", "B1", true, "bob", t + 2);
            h.execute(device, "d3", "C1", true, "carol", t + 3);
            h.execute(device, "d4", "U1", true, null, t + 4);
            h.execute(device, "d5", "X1", false, "alice", t + 5);
        });
        for (String name : List.of("alice", "bob", "carol")) {
            server.app().users().resetPassword(new Caller.CommandLine(), name, name + "-password");
        }
    }

    private String login(String name) {
        String password = name.equals("admin") ? "test1234" : name + "-password";
        return http.login(name, password);
    }

    private Decision check(String token, String target) {
        return server.app().connectAccess().check(token, target, IP);
    }

    private void assertAllowed(String token, String target, String user) {
        Decision decision = check(token, target);
        assertThat(decision).as(target).isInstanceOf(Allowed.class);
        assertThat(((Allowed) decision).user()).as(target).hasValueSatisfying(u -> assertThat(u.name()).isEqualTo(user));
    }

    private void assertRefused(String token, String target, Refusal refusal) {
        assertThat(check(token, target)).as(target).isEqualTo(new Refused(refusal));
    }

    private long alarms() {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM alarm_audits")
                .mapTo(Long.class).one());
    }

    @Test
    void an_administrator_reaches_every_enabled_device() {
        String admin = login("admin");

        for (String target : List.of("A1", "B1", "C1", "U1")) {
            assertAllowed(admin, target, "admin");
        }
        assertRefused(admin, "X1", Refusal.DEVICE_DISABLED);
    }

    @Test
    void a_user_reaches_her_own_her_groups_and_unassigned_devices_only() {
        String alice = login("alice");

        assertAllowed(alice, "A1", "alice");
        assertAllowed(alice, "B1", "alice");
        assertAllowed(alice, "U1", "alice");
        assertRefused(alice, "C1", Refusal.NOT_ALLOWED);
        assertThat(Refusal.NOT_ALLOWED.text()).isEqualTo("Connection not allowed");
    }

    @Test
    void a_cross_group_rule_reaches_the_other_groups_devices() {
        String carol = login("carol");

        assertAllowed(carol, "A1", "carol");
        assertAllowed(carol, "B1", "carol");
        assertAllowed(carol, "C1", "carol");
    }

    @Test
    void unassigned_devices_can_be_kept_for_administrators() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.ONLY_ADMINS_REACH_UNASSIGNED, "true");

        assertRefused(login("alice"), "U1", Refusal.NOT_ALLOWED);
        assertAllowed(login("admin"), "U1", "admin");
    }

    @Test
    void a_disabled_device_is_refused() {
        assertRefused(login("alice"), "X1", Refusal.DEVICE_DISABLED);
    }

    @Test
    void a_device_rdhub_does_not_know_is_left_to_the_rendezvous_server() {
        assertAllowed(login("alice"), "999888777", "alice");
    }

    @Test
    void an_unknown_token_or_a_scripts_api_token_is_no_login() {
        assertRefused("not-a-token", "A1", Refusal.LOGIN_EXPIRED);
        assertRefused(server.apiToken(Resource.DEVICE, Level.READ), "A1", Refusal.LOGIN_EXPIRED);
        assertThat(Refusal.LOGIN_EXPIRED.text()).isEqualTo("Your login has expired; log in again");
    }

    @Test
    void a_signed_out_token_is_refused() {
        String alice = login("alice");
        assertThat(http.postJson("/api/logout", "{}", bearer(alice)).status()).isEqualTo(200);

        assertRefused(alice, "A1", Refusal.LOGIN_EXPIRED);
    }

    @Test
    void the_token_of_a_disabled_user_is_refused() {
        String bob = login("bob");
        String alice = login("alice");
        // disabling signs the user out; a token kept past that (status changed elsewhere) is refused all the same
        server.app().users().disable(new Caller.CommandLine(), "u-bob");
        server.app().database().useTransaction(h -> h.execute("UPDATE users SET status = 0 WHERE name = 'alice'"));

        assertRefused(bob, "B1", Refusal.LOGIN_EXPIRED);
        assertRefused(alice, "A1", Refusal.LOGIN_EXPIRED);
    }

    @Test
    void without_a_token_a_client_connects_unless_the_server_requires_a_login() {
        assertThat(check("", "C1")).isEqualTo(new Allowed(Optional.empty()));

        server.app().settings().set(new Caller.CommandLine(), ServerSetting.REQUIRE_LOGIN_TO_CONNECT, "true");

        assertRefused("", "C1", Refusal.LOGIN_REQUIRED);
        assertThat(Refusal.LOGIN_REQUIRED.text()).isEqualTo("Please log in to connect through this server");
        assertAllowed(login("alice"), "A1", "alice");
    }

    @Test
    void a_flood_of_refusals_writes_one_alarm_per_address_target_and_reason_a_minute() {
        String alice = login("alice");
        for (int i = 0; i < 50; i++) {
            assertRefused(alice, "C1", Refusal.NOT_ALLOWED);
            assertRefused("not-a-token", "C1", Refusal.LOGIN_EXPIRED);
        }
        server.app().connectAccess().check(alice, "C1", "198.51.100.1");

        var rows = server.app().database().withHandle(h -> h.createQuery(
                "SELECT device_id, typ, info FROM alarm_audits ORDER BY info").mapToMap().list());
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("device_id")).isEqualTo("C1");
            assertThat(((Number) row.get("typ")).intValue()).isEqualTo(ConnectAlarms.CONNECTION_REFUSED);
        });
        assertThat(rows).extracting(row -> row.get("info")).containsExactly(
                "{\"ip\":\"198.51.100.1\",\"name\":\"alice\",\"reason\":\"Connection not allowed\"}",
                "{\"ip\":\"203.0.113.7\",\"name\":\"alice\",\"reason\":\"Connection not allowed\"}",
                "{\"ip\":\"203.0.113.7\",\"reason\":\"Your login has expired; log in again\"}");

        server.clock().advance(Duration.ofSeconds(59));
        check(alice, "C1");
        assertThat(alarms()).isEqualTo(3);
        server.clock().advance(Duration.ofSeconds(1));
        check(alice, "C1");
        assertThat(alarms()).isEqualTo(4);
    }

    @Test
    void a_refusal_is_listed_with_the_alarms_of_its_target() {
        check("not-a-token", "C1");

        var reply = http.get("/api/audits/alarm?current=1&pageSize=10&device=C1",
                bearer(server.apiToken(Map.of(Resource.AUDIT_LOG, Level.READ))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("total").asInt()).isEqualTo(1);
        assertThat(reply.json().get("data").get(0).get("typ").asInt()).isEqualTo(ConnectAlarms.CONNECTION_REFUSED);
    }

    @Test
    void allowed_checks_write_nothing_and_leave_the_tokens_last_use_to_the_batch() {
        String alice = login("alice");
        // built here, on a TokenUsage of its own, so the server's timed flush cannot interfere
        var app = server.app();
        var usage = new TokenUsage(app.database());
        var access = new ConnectAccess(app.database(), new Authenticator(app.database(), new AccessTokenStore(),
                new ApiTokenStore(), new UserStore(), usage, app.clock()), app.reachable(), new DeviceStore(),
                app.settings(), new ConnectAlarms(app.database(), new DeviceAuditStore(), app.clock()));

        for (int i = 0; i < 20; i++) {
            assertThat(access.check(alice, "A1", IP)).isInstanceOf(Allowed.class);
        }

        assertThat(alarms()).isZero();
        assertThat(tokensMarkedUsed()).isZero();
        usage.flush();
        assertThat(tokensMarkedUsed()).isOne();
    }

    private long tokensMarkedUsed() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM access_tokens WHERE last_used_at IS NOT NULL").mapTo(Long.class).one());
    }
}
