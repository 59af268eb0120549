package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** POST /api/sysinfo as the client's service process sends it: no auth, plain-text replies compared exactly. */
class SysinfoApiTest extends OnEachDatabase {
    RustDeskClient client;

    @BeforeEach
    void client() {
        client = new RustDeskClient(http, "123456789", "bWFjaGluZS1pZC0x");
    }

    private Map<String, Object> deviceRow(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("""
                SELECT d.uuid, d.hostname, d.os, d.username, d.version, d.cpu, d.memory, d.ip, d.note, d.info,
                       u.name AS owner, s.name AS strategy, g.name AS device_group
                FROM devices d
                LEFT JOIN users u ON u.id = d.owner_user_id
                LEFT JOIN strategies s ON s.id = d.strategy_id
                LEFT JOIN device_groups g ON g.id = d.device_group_id
                WHERE d.rustdesk_id = :id""").bind("id", rustdeskId).mapToMap().findOne().orElse(null));
    }

    private long deviceCount() {
        return server.app().database().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM devices").mapTo(Long.class).one());
    }

    private static void assertPlainText(Http.Response reply, int status, String body) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body()).isEqualTo(body);
        assertThat(reply.contentType()).startsWith("text/plain");
    }

    private void addStrategyAndGroup() {
        server.app().database().useTransaction(h -> {
            new StrategyStore().insert(h, "Kiosk", 1);
            new DeviceGroupStore().insert(h, "Branch Offices", "", 1);
        });
    }

    @Test
    void first_sysinfo_registers_the_device_with_its_presets_and_answers_sysinfo_updated() {
        addStrategyAndGroup();

        var reply = client.sysinfo("\"preset-user-name\":\"admin\",\"preset-strategy-name\":\"kiosk\","
                + "\"preset-device-group-name\":\"Branch Offices\",\"preset-note\":\"front desk\","
                + "\"preset-address-book-name\":\"Shop\"");

        assertPlainText(reply, 200, "SYSINFO_UPDATED");
        var row = deviceRow("123456789");
        assertThat(row).containsEntry("uuid", "bWFjaGluZS1pZC0x").containsEntry("hostname", "desk-1")
                .containsEntry("os", "ubuntu / Linux 24.04 Ubuntu").containsEntry("username", "alice")
                .containsEntry("version", "1.4.9").containsEntry("memory", "31.27GB")
                .containsEntry("cpu", "AMD Ryzen 7 5800X 8-Core Processor, 3.67GHz, 16/8 cores")
                .containsEntry("ip", "127.0.0.1").containsEntry("note", "front desk")
                .containsEntry("owner", "admin").containsEntry("strategy", "Kiosk")
                .containsEntry("device_group", "Branch Offices");
        assertThat((String) row.get("info")).contains("\"hostname\":\"desk-1\"").doesNotContain("preset-");
        assertThat(server.app().devices().isOnline("123456789")).isTrue();
    }

    @Test
    void later_sysinfo_updates_the_details_but_does_not_apply_presets_again() {
        addStrategyAndGroup();
        client.sysinfo("\"preset-note\":\"first\"");
        server.app().devices().assign(new Caller.CommandLine(), new DeviceService.Assignment("123456789",
                "bWFjaGluZS1pZC0x", "", null, null, "changed by an admin", null, null, null));

        var reply = http.postJson("/api/sysinfo", client.sysinfoBody("\"preset-note\":\"second\","
                + "\"preset-user-name\":\"admin\",\"preset-strategy-name\":\"Kiosk\"").replace("desk-1", "desk-2"));

        assertPlainText(reply, 200, "SYSINFO_UPDATED");
        assertThat(deviceRow("123456789")).containsEntry("hostname", "desk-2")
                .containsEntry("note", "changed by an admin").containsEntry("owner", null)
                .containsEntry("strategy", null);
    }

    @Test
    void unknown_preset_names_are_ignored_and_the_device_still_registers() {
        var reply = client.sysinfo("\"preset-user-name\":\"ghost\",\"preset-strategy-name\":\"nope\","
                + "\"preset-device-group-name\":\"nowhere\"");

        assertPlainText(reply, 200, "SYSINFO_UPDATED");
        assertThat(deviceRow("123456789")).containsEntry("owner", null).containsEntry("strategy", null)
                .containsEntry("device_group", null);
    }

    @Test
    void another_machine_with_the_same_id_gets_uuid_mismatch_and_changes_nothing() {
        client.sysinfo();
        var before = deviceRow("123456789");

        var reply = new RustDeskClient(http, "123456789", "b3RoZXItbWFjaGluZQ==").sysinfo();

        assertPlainText(reply, 200, "UUID_MISMATCH");
        assertThat(deviceRow("123456789")).isEqualTo(before);
    }

    @Test
    void closed_registration_refuses_new_devices_in_plain_text_and_writes_nothing() {
        var settings = server.app().settings();
        settings.set(new Caller.CommandLine(), ServerSetting.DISABLE_NEW_DEVICES, "true");
        assertPlainText(client.sysinfo(), 200, "NEW_DEVICES_DISABLED");

        settings.set(new Caller.CommandLine(), ServerSetting.DISABLE_NEW_DEVICES, "false");
        settings.set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, "true");
        assertPlainText(client.sysinfo(), 200, "NOT_DEPLOYED");

        assertThat(deviceCount()).isZero();
    }

    @Test
    void devices_registered_before_registration_closed_keep_updating() {
        client.sysinfo();
        var settings = server.app().settings();
        settings.set(new Caller.CommandLine(), ServerSetting.DISABLE_NEW_DEVICES, "true");
        settings.set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, "true");

        var reply = http.postJson("/api/sysinfo", client.sysinfoBody("").replace("desk-1", "desk-2"));

        assertPlainText(reply, 200, "SYSINFO_UPDATED");
        assertThat(deviceRow("123456789")).containsEntry("hostname", "desk-2");
    }

    @Test
    void simultaneous_first_uploads_of_one_id_register_one_device_and_all_succeed() throws Exception {
        List<Future<Http.Response>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 24; i++) {
                replies.add(pool.submit(() -> client.sysinfo()));
            }
        }

        for (Future<Http.Response> reply : replies) {
            assertPlainText(reply.get(), 200, "SYSINFO_UPDATED");
        }
        assertThat(deviceCount()).isEqualTo(1);
    }

    @Test
    void accepts_the_charset_suffix_and_unknown_fields() {
        var reply = http.send("POST", "/api/sysinfo", client.sysinfoBody("\"gpu\":[\"x\"],\"future\":{\"a\":1}"),
                "Content-Type", "application/json; charset=utf-8");

        assertPlainText(reply, 200, "SYSINFO_UPDATED");
        assertThat((String) deviceRow("123456789").get("info")).contains("\"future\":{\"a\":1}");
    }

    @Test
    void bad_bodies_get_a_plain_text_400_and_write_nothing() {
        assertPlainText(http.postJson("/api/sysinfo", null), 400, "Field 'id' is required");
        assertPlainText(http.postJson("/api/sysinfo", "{\"id\":\"123456789\"}"), 400, "Field 'uuid' is required");
        assertPlainText(http.postJson("/api/sysinfo", "{\"id\":123456789,\"uuid\":\"x\"}"), 400,
                "Field 'id' has the wrong type");
        assertPlainText(http.postJson("/api/sysinfo", client.sysinfoBody("\"preset-note\":7")), 400,
                "Field 'preset-note' has the wrong type");
        assertPlainText(http.postJson("/api/sysinfo", "{\"id\":\"12 34\",\"uuid\":\"x\"}"), 400,
                "Field 'id' must be a RustDesk ID");
        assertPlainText(http.postJson("/api/sysinfo", "{\"id\":"), 400, "The request body is not valid JSON");
        assertPlainText(http.postJson("/api/sysinfo", "[1]"), 400, "The request body must be a JSON object");
        assertPlainText(http.postJson("/api/sysinfo", "null"), 400, "The request body must be a JSON object");

        assertThat(deviceCount()).isZero();
    }
}
