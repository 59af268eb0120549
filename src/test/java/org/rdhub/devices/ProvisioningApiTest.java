package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** {@code rustdesk --assign} (POST /api/devices/cli) and {@code rustdesk --deploy} (POST /api/devices/deploy). */
class ProvisioningApiTest extends OnEachDatabase {
    static final String PUBLIC_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String ID_AND_UUID = "\"id\":\"123456789\",\"uuid\":\"bWFjaGluZS1pZC0x\"";

    RustDeskClient client;
    String deviceToken;

    @BeforeEach
    void registerDevice() {
        client = new RustDeskClient(http, "123456789", "bWFjaGluZS1pZC0x");
        client.sysinfo();
        deviceToken = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        server.app().database().useTransaction(h -> {
            new StrategyStore().insert(h, "Kiosk", 1);
            new DeviceGroupStore().insert(h, "Lab", "", 1);
        });
    }

    private Http.Response assign(String fields) {
        return http.postJson("/api/devices/cli", "{" + ID_AND_UUID + "," + fields + "}", bearer(deviceToken));
    }

    private Map<String, Object> device() {
        return server.app().database().withHandle(h -> h.createQuery("""
                SELECT u.name AS owner, s.name AS strategy, g.name AS device_group, d.note, d.alias,
                       d.username_alias, d.public_key,
                       CASE WHEN d.deployed_at IS NULL THEN 'no' ELSE 'yes' END AS deployed
                FROM devices d
                LEFT JOIN users u ON u.id = d.owner_user_id
                LEFT JOIN strategies s ON s.id = d.strategy_id
                LEFT JOIN device_groups g ON g.id = d.device_group_id
                WHERE d.rustdesk_id = '123456789'""").mapToMap().one());
    }

    private long audits(String action) {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM console_audits WHERE action = :action").bind("action", action)
                .mapTo(Long.class).one());
    }

    @Test
    void assign_applies_each_parameter_and_answers_an_empty_body() {
        var reply = assign("\"user_name\":\"Admin\",\"strategy_name\":\"kiosk\",\"device_group_name\":\"Lab\","
                + "\"note\":\"reception\",\"device_username\":\"front\",\"device_name\":\"Reception PC\"");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(device()).containsEntry("owner", "admin").containsEntry("strategy", "Kiosk")
                .containsEntry("device_group", "Lab").containsEntry("note", "reception")
                .containsEntry("alias", "Reception PC").containsEntry("username_alias", "front");
        assertThat(audits("device.assign")).isEqualTo(1);
    }

    @Test
    void assign_with_one_parameter_changes_only_that_and_an_empty_name_unassigns() {
        assertThat(assign("\"user_name\":\"admin\"").body()).isEmpty();
        assertThat(assign("\"note\":\"second floor\"").body()).isEmpty();
        assertThat(device()).containsEntry("owner", "admin").containsEntry("note", "second floor");

        assertThat(assign("\"user_name\":\"\"").body()).isEmpty();
        assertThat(device()).containsEntry("owner", null).containsEntry("note", "second floor");
    }

    @Test
    void an_unknown_name_is_refused_and_nothing_changes() {
        var before = device();

        var user = assign("\"note\":\"x\",\"user_name\":\"ghost\"");
        var strategy = assign("\"note\":\"x\",\"strategy_name\":\"nope\"");
        var group = assign("\"note\":\"x\",\"device_group_name\":\"nowhere\"");
        var device = http.postJson("/api/devices/cli", "{\"id\":\"555\",\"uuid\":\"x\",\"note\":\"x\"}",
                bearer(deviceToken));
        var otherUuid = http.postJson("/api/devices/cli", "{\"id\":\"123456789\",\"uuid\":\"b3RoZXI=\",\"note\":\"x\"}",
                bearer(deviceToken));

        assertThat(user.status()).isEqualTo(404);
        assertThat(user.body()).isEqualTo("{\"error\":\"No user named 'ghost'\"}");
        assertThat(strategy.body()).isEqualTo("{\"error\":\"No strategy named 'nope'\"}");
        assertThat(group.body()).isEqualTo("{\"error\":\"No device group named 'nowhere'\"}");
        assertThat(device.body()).isEqualTo("{\"error\":\"No device with id '555'\"}");
        assertThat(otherUuid.status()).isEqualTo(409);
        assertThat(otherUuid.body())
                .isEqualTo("{\"error\":\"Device '123456789' is registered with a different uuid\"}");
        assertThat(device()).isEqualTo(before);
        assertThat(audits("device.assign")).isZero();
    }

    @Test
    void assign_needs_a_token_with_device_read_write() {
        var none = http.postJson("/api/devices/cli", "{" + ID_AND_UUID + ",\"note\":\"x\"}");
        var readOnly = http.postJson("/api/devices/cli", "{" + ID_AND_UUID + ",\"note\":\"x\"}",
                bearer(server.apiToken(Resource.DEVICE, Level.READ)));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).isEqualTo("{\"error\":\"This token lacks the Device read-write permission\"}");
        assertThat(device()).containsEntry("note", "");
    }

    @Test
    void assign_with_nothing_to_assign_or_a_bad_body_gets_a_clear_400() {
        var nothing = http.postJson("/api/devices/cli", "{" + ID_AND_UUID + "}", bearer(deviceToken));
        var empty = http.postJson("/api/devices/cli", null, bearer(deviceToken));
        var wrongType = assign("\"note\":[\"x\"]");

        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body()).startsWith("{\"error\":\"Nothing to assign");
        assertThat(empty.body()).isEqualTo("{\"error\":\"Field 'id' is required\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("{\"error\":\"Field 'note' has the wrong type\"}");
        assertThat(device()).containsEntry("note", "");
    }

    private Http.Response deploy(String body, String token) {
        return http.postJson("/api/devices/deploy", body, bearer(token));
    }

    @Test
    void deploy_answers_not_enabled_while_the_server_does_not_require_deployment() {
        var reply = deploy("{" + ID_AND_UUID + ",\"pk\":\"" + PUBLIC_KEY + "\"}", deviceToken);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"result\":\"NOT_ENABLED\"}");
        assertThat(device()).containsEntry("deployed", "no");
    }

    @Test
    void deploy_registers_a_new_device_which_may_then_send_sysinfo() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, "true");
        var fresh = new RustDeskClient(http, "dev-2024", "bmV3LW1hY2hpbmU=");
        assertThat(fresh.sysinfo().body()).isEqualTo("NOT_DEPLOYED");

        var reply = deploy("{\"id\":\"dev-2024\",\"uuid\":\"bmV3LW1hY2hpbmU=\",\"pk\":\"" + PUBLIC_KEY + "\"}",
                deviceToken);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"result\":\"OK\"}");
        assertThat(fresh.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(audits("device.deploy")).isEqualTo(1);
    }

    @Test
    void deploy_marks_a_known_device_deployed_and_refuses_an_id_of_another_machine() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, "true");

        var same = deploy("{" + ID_AND_UUID + ",\"pk\":\"" + PUBLIC_KEY + "\"}", deviceToken);
        var taken = deploy("{\"id\":\"123456789\",\"uuid\":\"b3RoZXI=\",\"pk\":\"" + PUBLIC_KEY + "\"}",
                deviceToken);

        assertThat(same.body()).isEqualTo("{\"result\":\"OK\"}");
        assertThat(device()).containsEntry("deployed", "yes").containsEntry("public_key", PUBLIC_KEY);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body()).isEqualTo("{\"result\":\"ID_TAKEN\"}");
    }

    @Test
    void deploy_answers_invalid_input_for_missing_ids_or_a_key_that_is_not_32_bytes() {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, "true");

        for (String body : new String[] {
                "{\"uuid\":\"x\",\"pk\":\"" + PUBLIC_KEY + "\"}",
                "{\"id\":\" \",\"uuid\":\"x\",\"pk\":\"" + PUBLIC_KEY + "\"}",
                "{\"id\":\"111222333\",\"pk\":\"" + PUBLIC_KEY + "\"}",
                "{\"id\":\"111222333\",\"uuid\":\"x\",\"pk\":\"AAEC\"}",
                "{\"id\":\"111222333\",\"uuid\":\"x\",\"pk\":\"not base64!\"}",
                "{\"id\":\"111222333\",\"uuid\":\"x\"}"}) {
            var reply = deploy(body, deviceToken);
            assertThat(reply.status()).as(body).isEqualTo(200);
            assertThat(reply.body()).as(body).isEqualTo("{\"result\":\"INVALID_INPUT\"}");
        }
        assertThat(deviceCount()).isEqualTo(1);
    }

    @Test
    void deploy_needs_a_token_with_device_read_write() {
        var none = http.postJson("/api/devices/deploy", "{" + ID_AND_UUID + ",\"pk\":\"" + PUBLIC_KEY + "\"}");
        var readOnly = deploy("{" + ID_AND_UUID + ",\"pk\":\"" + PUBLIC_KEY + "\"}",
                server.apiToken(Resource.DEVICE, Level.READ));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(readOnly.status()).isEqualTo(403);
    }

    private long deviceCount() {
        return server.app().database().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM devices").mapTo(Long.class).one());
    }
}
