package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** POST /api/heartbeat as the client sends it every 15 s (3 s with live connections). */
class HeartbeatApiTest extends OnEachDatabase {
    static final String DEFAULT_STRATEGY_DISABLED = "UPDATE strategies SET enabled = FALSE WHERE name = 'Default'";

    RustDeskClient client;

    @BeforeEach
    void client() {
        client = new RustDeskClient(http, "123456789", "bWFjaGluZS1pZC0x");
        // the Default strategy pushes nothing here, so replies show only what each test is about
        sql(DEFAULT_STRATEGY_DISABLED);
    }

    private void sql(String statement) {
        server.app().database().withHandle(h -> h.createUpdate(statement).execute());
    }

    private Long lastOnlineAt() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT last_online_at FROM devices WHERE rustdesk_id = '123456789'").mapTo(Long.class).one());
    }

    @Test
    void an_unknown_device_is_asked_for_its_sysinfo_and_nothing_is_recorded() {
        var reply = client.heartbeat(0);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"sysinfo\":true}");
        assertThat(server.app().devices().isOnline("123456789")).isFalse();
        assertThat(deviceCount()).isZero();
    }

    @Test
    void a_known_device_without_a_strategy_gets_an_empty_object() {
        client.sysinfo();

        var reply = client.heartbeat(0);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{}");
    }

    @Test
    void a_heartbeat_with_another_machines_uuid_gets_an_empty_object_and_is_not_recorded() {
        client.sysinfo();
        server.clock().advance(Duration.ofMinutes(5));

        var reply = new RustDeskClient(http, "123456789", "b3RoZXI=").heartbeat(0);

        assertThat(reply.body()).isEqualTo("{}");
        assertThat(server.app().devices().isOnline("123456789")).isFalse();
    }

    @Test
    void a_deployed_device_whose_details_are_missing_is_asked_for_sysinfo() {
        server.app().settings().set(new Caller.CommandLine(),
                org.rdhub.settings.ServerSetting.REQUIRE_DEPLOYMENT, "true");
        server.app().devices().deploy(new Caller.CommandLine(), "123456789", "bWFjaGluZS1pZC0x",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        assertThat(client.heartbeat(0).body()).isEqualTo("{\"sysinfo\":true}");
        assertThat(server.app().devices().isOnline("123456789")).isTrue();

        client.sysinfo();
        assertThat(client.heartbeat(0).body()).isEqualTo("{}");
    }

    @Test
    void steady_state_heartbeats_are_answered_from_memory_without_reading_the_database() {
        client.sysinfo();
        assertThat(client.heartbeat(0).body()).isEqualTo("{}");

        // changes behind the services' back are not seen: nothing is read again
        sql("UPDATE devices SET sysinfo_at = NULL, uuid = 'b3RoZXI='");
        sql("UPDATE strategies SET enabled = TRUE WHERE name = 'Default'");

        assertThat(client.heartbeat(0).body()).isEqualTo("{}");
    }

    @Test
    void presence_is_kept_in_memory_and_written_only_by_the_batched_flush() {
        client.sysinfo();
        long registeredAt = lastOnlineAt();
        server.clock().advance(Duration.ofSeconds(45));

        client.heartbeat(0);
        long heardAt = server.clock().millis();

        assertThat(lastOnlineAt()).isEqualTo(registeredAt);
        assertThat(server.app().devices().presence().lastSeen("123456789").orElseThrow().at()).isEqualTo(heardAt);
        server.app().devices().presence().flush();
        assertThat(lastOnlineAt()).isEqualTo(heardAt);
    }

    @Test
    void presence_heard_since_the_last_flush_is_written_on_shutdown() {
        client.sysinfo();
        server.clock().advance(Duration.ofSeconds(20));
        client.heartbeat(0);
        long heardAt = server.clock().millis();

        server.restart();

        assertThat(lastOnlineAt()).isEqualTo(heardAt);
    }

    @Test
    void a_device_is_online_for_sixty_seconds_after_it_was_last_heard_from() {
        client.sysinfo();
        client.heartbeat(0);
        var devices = server.app().devices();

        server.clock().advance(Duration.ofSeconds(60));
        assertThat(devices.isOnline("123456789")).isTrue();
        server.clock().advance(Duration.ofMillis(1));
        assertThat(devices.isOnline("123456789")).isFalse();

        client.heartbeat(0);
        assertThat(devices.isOnline("123456789")).isTrue();
        assertThat(devices.isOnline("987654321")).isFalse();
    }

    @Test
    void live_connections_are_remembered_with_the_presence() {
        client.sysinfo();

        client.heartbeat(0, 3, 5);

        var seen = server.app().devices().presence().lastSeen("123456789").orElseThrow();
        assertThat(seen.conns()).containsExactly(3, 5);
        assertThat(seen.ip()).isEqualTo("127.0.0.1");
    }

    @Test
    void a_requested_disconnect_is_delivered_once_in_the_next_heartbeat_that_lists_the_connection() {
        client.sysinfo();
        server.app().devices().requestDisconnect(new Caller.CommandLine(), "123456789", 7);

        assertThat(client.heartbeat(0, 3).body()).isEqualTo("{}");
        assertThat(client.heartbeat(0, 3, 7).body()).isEqualTo("{\"disconnect\":[7]}");
        assertThat(client.heartbeat(0, 3, 7).body()).isEqualTo("{}");
    }

    @Test
    void a_disconnect_request_expires_after_two_minutes() {
        client.sysinfo();
        server.app().devices().requestDisconnect(new Caller.CommandLine(), "123456789", 7);

        server.clock().advance(Duration.ofMinutes(2).plusMillis(1));

        assertThat(client.heartbeat(0, 7).body()).isEqualTo("{}");
    }

    @Test
    void requesting_a_disconnect_needs_device_read_write_and_a_known_device() {
        client.sysinfo();
        var readOnly = new Caller.ApiToken(1, "t", Map.of(Resource.DEVICE, Level.READ), "");

        assertThatThrownBy(() -> server.app().devices().requestDisconnect(readOnly, "123456789", 7))
                .hasMessage("This token lacks the Device read-write permission");
        assertThatThrownBy(() -> server.app().devices().requestDisconnect(new Caller.CommandLine(), "555", 7))
                .hasMessage("No device with id '555'");
        assertThat(client.heartbeat(0, 7).body()).isEqualTo("{}");
    }

    @Test
    void a_disabled_device_is_still_recorded_but_gets_no_strategy() {
        sql("UPDATE strategies SET enabled = TRUE WHERE name = 'Default'");
        client.sysinfo();
        sql("UPDATE devices SET enabled = FALSE");
        server.restart();
        client = new RustDeskClient(server.http(), client.id(), client.uuid());

        assertThat(client.heartbeat(0).body()).isEqualTo("{}");
        assertThat(server.app().devices().isOnline("123456789")).isTrue();
    }

    @Test
    void accepts_the_charset_suffix_and_unknown_fields() {
        client.sysinfo();

        var reply = http.send("POST", "/api/heartbeat", "{\"id\":\"123456789\",\"uuid\":\"bWFjaGluZS1pZC0x\","
                + "\"ver\":1004090,\"modified_at\":0,\"future\":[1]}",
                "Content-Type", "application/json; charset=utf-8");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{}");
        assertThat(server.app().devices().isOnline("123456789")).isTrue();
    }

    @Test
    void bad_heartbeat_bodies_get_a_clear_400() {
        var literalNull = http.postJson("/api/heartbeat", "null");
        assertThat(literalNull.status()).isEqualTo(400);
        assertThat(literalNull.body()).isEqualTo("{\"error\":\"The request body must be a JSON object\"}");
        var empty = http.postJson("/api/heartbeat", null);
        var wrongType = http.postJson("/api/heartbeat", "{\"id\":\"123456789\",\"uuid\":\"x\",\"conns\":\"7\"}");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("{\"error\":\"Field 'id' is required\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).isEqualTo("{\"error\":\"Field 'conns' has the wrong type\"}");
    }

    private long deviceCount() {
        return server.app().database().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM devices").mapTo(Long.class).one());
    }
}
