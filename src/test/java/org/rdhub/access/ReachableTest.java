package org.rdhub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.OnEachDatabase;

/**
 * The access model through the client's "Accessible devices" tab, one case per rule. The fixture:
 * Sales = {alice, bob}, Support = {carol} with a grant on Sales, Ops = {dave, erin (disabled)} with a grant on the
 * device group Kiosks, and dave alone with a grant on the device group Servers.
 */
class ReachableTest extends OnEachDatabase {
    private static final String TAB = "?current=1&pageSize=100&accessible=&status=1";

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES"
                    + " ('g-sales', 'Sales', 1, 1), ('g-support', 'Support', 2, 2), ('g-ops', 'Ops', 3, 3)");
            h.execute("INSERT INTO device_groups (guid, name, created_at, updated_at) VALUES"
                    + " ('dg-servers', 'Servers', 1, 1), ('dg-kiosks', 'Kiosks', 2, 2)");
            String user = "INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT ?, ?, ?, id, ?, ? FROM user_groups WHERE name = ?";
            long t = System.currentTimeMillis();
            h.execute(user, "u-alice", "alice", 1, t + 1, t, "Sales");
            h.execute(user, "u-bob", "bob", 1, t + 2, t, "Sales");
            h.execute(user, "u-carol", "carol", 1, t + 3, t, "Support");
            h.execute(user, "u-dave", "dave", 1, t + 4, t, "Ops");
            h.execute(user, "u-erin", "erin", 0, t + 5, t, "Ops");
            h.execute("INSERT INTO access_grants (subject_user_group_id, target_user_group_id, created_at)"
                    + " SELECT s.id, t.id, 1 FROM user_groups s, user_groups t WHERE s.name = 'Support' AND t.name = 'Sales'");
            h.execute("INSERT INTO access_grants (subject_user_id, target_device_group_id, created_at)"
                    + " SELECT u.id, dg.id, 1 FROM users u, device_groups dg WHERE u.name = 'dave' AND dg.name = 'Servers'");
            h.execute("INSERT INTO access_grants (subject_user_group_id, target_device_group_id, created_at)"
                    + " SELECT g.id, dg.id, 1 FROM user_groups g, device_groups dg WHERE g.name = 'Ops' AND dg.name = 'Kiosks'");
            String device = "INSERT INTO devices (guid, rustdesk_id, hostname, os, username, enabled, owner_user_id,"
                    + " device_group_id, created_at) VALUES (?, ?, ?, 'windows / Windows 11', 'os-user', ?,"
                    + " (SELECT id FROM users WHERE name = ?), (SELECT id FROM device_groups WHERE name = ?), ?)";
            h.execute(device, "d1", "A1", "alice-pc", true, "alice", null, t + 1);
            h.execute(device, "d2", "B1", "bob-pc", true, "bob", null, t + 2);
            h.execute(device, "d3", "C1", "carol-pc", true, "carol", null, t + 3);
            h.execute(device, "d4", "S1", "server-1", true, null, "Servers", t + 4);
            h.execute(device, "d5", "K1", "kiosk-1", true, null, "Kiosks", t + 5);
            h.execute(device, "d6", "U1", "loose-1", true, null, null, t + 6);
            h.execute(device, "d7", "X1", "alice-old", false, "alice", null, t + 7);
            h.execute(device, "d8", "E1", "erin-pc", true, "erin", null, t + 8);
        });
        for (String name : List.of("alice", "carol", "dave")) {
            server.app().users().resetPassword(new Caller.CommandLine(), name, name + "-password");
        }
    }

    private String login(String name) {
        String password = name.equals("admin") ? "test1234" : name + "-password";
        return http.login(name, password);
    }

    private List<String> list(String path, String user, String field) {
        var reply = http.get(path + TAB, bearer(login(user)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode page = reply.json();
        List<String> values = new ArrayList<>();
        page.get("data").forEach(item -> values.add(item.get(field).asText()));
        assertThat(page.get("total").asInt()).isEqualTo(values.size());
        return values;
    }

    private List<String> peers(String user) {
        return list("/api/peers", user, "id");
    }

    @Test
    void a_user_reaches_own_devices_same_group_devices_and_unassigned_ones() {
        assertThat(peers("alice")).containsExactly("A1", "B1", "U1");
    }

    @Test
    void a_grant_on_a_user_group_reaches_that_groups_devices() {
        assertThat(peers("carol")).containsExactly("A1", "B1", "C1", "U1");
    }

    @Test
    void grants_on_device_groups_reach_their_devices_for_the_user_or_the_whole_group() {
        assertThat(peers("dave")).containsExactly("S1", "K1", "U1");
    }

    @Test
    void disabled_devices_and_devices_of_disabled_users_are_reached_by_nobody() {
        assertThat(peers("admin")).containsExactly("A1", "B1", "C1", "S1", "K1", "U1");
    }

    @Test
    void unassigned_devices_can_be_kept_for_administrators() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.ONLY_ADMINS_REACH_UNASSIGNED, "true");

        assertThat(peers("alice")).containsExactly("A1", "B1");
        assertThat(peers("admin")).contains("U1");
    }

    @Test
    void the_rendezvous_check_gives_the_same_answers_as_the_list() {
        var policy = new AccessPolicy();
        boolean carolReachesAlice = server.app().database().withHandle(h -> policy.mayReach(h,
                policy.viewer(h, caller("carol")), "A1", true));
        boolean aliceReachesCarol = server.app().database().withHandle(h -> policy.mayReach(h,
                policy.viewer(h, caller("alice")), "C1", true));

        assertThat(carolReachesAlice).isTrue();
        assertThat(aliceReachesCarol).isFalse();
    }

    private Caller caller(String name) {
        long id = server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = :n")
                .bind("n", name).mapTo(Long.class).one());
        return new Caller.User(id, name, false, "");
    }

    @Test
    void peers_carry_the_fields_the_client_groups_and_shows_by() {
        var reply = http.get("/api/peers" + TAB, bearer(login("alice")));

        assertThat(reply.json().get("data").get(0).toString()).isEqualTo("{\"id\":\"A1\",\"info\":{\"username\":"
                + "\"os-user\",\"os\":\"windows / Windows 11\",\"device_name\":\"alice-pc\"},\"status\":1,"
                + "\"user\":\"u-alice\",\"user_name\":\"alice\",\"device_group_name\":\"\",\"note\":\"\"}");
    }

    @Test
    void the_users_list_holds_the_users_whose_devices_one_reaches() {
        assertThat(list("/api/users", "alice", "name")).containsExactly("alice", "bob");
        assertThat(list("/api/users", "carol", "name")).containsExactly("alice", "bob", "carol");
        assertThat(list("/api/users", "dave", "name")).containsExactly("dave");
        assertThat(list("/api/users", "admin", "name")).containsExactly("admin", "alice", "bob", "carol", "dave");
    }

    @Test
    void device_groups_are_those_one_has_a_grant_on() {
        assertThat(list("/api/device-group/accessible", "dave", "name")).containsExactly("Servers", "Kiosks");
        assertThat(list("/api/device-group/accessible", "alice", "name")).isEmpty();
        assertThat(list("/api/device-group/accessible", "admin", "name")).containsExactly("Servers", "Kiosks");
    }

    @Test
    void a_disabled_tab_answers_an_error_the_client_recognises() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.DISABLE_ACCESSIBLE_DEVICES, "true");
        String token = login("alice");

        for (String path : List.of("/api/peers", "/api/users", "/api/device-group/accessible")) {
            var reply = http.get(path + TAB, bearer(token));
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Retrieving accessible devices is disabled.\"}");
        }
    }

    @Test
    void without_a_login_the_tab_is_401() {
        assertThat(http.get("/api/peers" + TAB).status()).isEqualTo(401);
        assertThat(http.get("/api/device-group/accessible" + TAB, bearer("nope")).body())
                .isEqualTo("{\"error\":\"Invalid token\"}");
    }
}
