package org.rdhub.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.devices.DeviceService;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** Strategies reach devices through the heartbeat: the effective one, pushed when the device's copy is stale. */
class StrategyPushTest extends OnEachDatabase {
    static final Caller ADMIN = new Caller.CommandLine();

    RustDeskClient client;
    StrategyService strategies;

    @BeforeEach
    void registerDevice() {
        client = new RustDeskClient(http, "123456789", "bWFjaGluZS1pZC0x");
        client.sysinfo();
        strategies = server.app().strategies();
        server.app().database().useTransaction(h -> new DeviceGroupStore().insert(h, "Lab", "", 1));
    }

    private String strategy(String name, Map<String, String> options) {
        long id = server.app().database().inTransaction(h -> new StrategyStore().insert(h, name, 1));
        String guid = server.app().database().withHandle(h -> new StrategyStore().findById(h, id)).orElseThrow()
                .guid();
        strategies.setOptions(ADMIN, guid, options);
        return guid;
    }

    private String defaultGuid() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT guid FROM strategies WHERE name = 'Default'").mapTo(String.class).one());
    }

    private long modifiedAt(String guid) {
        return server.app().database().withHandle(h -> new StrategyStore().findByGuid(h, guid)).orElseThrow()
                .modifiedAt();
    }

    private JsonNode heartbeat(long modifiedAt) {
        var reply = client.heartbeat(modifiedAt);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private void assignDevice(String userName, String deviceGroupName) {
        server.app().devices().assign(ADMIN, new DeviceService.Assignment(client.id(), client.uuid(), userName,
                null, deviceGroupName, null, null, null, null));
    }

    @Test
    void a_device_with_no_other_strategy_gets_the_default_and_only_when_its_copy_is_stale() {
        String defaultGuid = defaultGuid();
        strategies.setOptions(ADMIN, defaultGuid, Map.of("enable-keyboard", "N", "approve-mode", "password"));
        long at = modifiedAt(defaultGuid);

        assertThat(client.heartbeat(0).body()).isEqualTo("{\"modified_at\":" + at + ",\"strategy\":{"
                + "\"config_options\":{\"approve-mode\":\"password\",\"enable-keyboard\":\"N\"},\"extra\":{}}}");
        assertThat(client.heartbeat(at).body()).isEqualTo("{\"modified_at\":" + at + "}");
    }

    @Test
    void changed_options_reach_the_device_with_its_next_heartbeat() {
        String defaultGuid = defaultGuid();
        strategies.setOptions(ADMIN, defaultGuid, Map.of("enable-keyboard", "N"));
        long first = modifiedAt(defaultGuid);
        assertThat(heartbeat(first).has("strategy")).isFalse();

        strategies.setOptions(ADMIN, defaultGuid, Map.of("enable-keyboard", "Y", "whitelist", ""));

        JsonNode reply = heartbeat(first);
        assertThat(reply.get("modified_at").asLong()).isGreaterThan(first);
        assertThat(reply.get("strategy").get("config_options").toString())
                .isEqualTo("{\"enable-keyboard\":\"Y\",\"whitelist\":\"\"}");
    }

    @Test
    void the_device_strategy_beats_the_user_strategy_which_beats_the_device_group_strategy() {
        String forDevice = strategy("Device level", Map.of("level", "device"));
        String forUser = strategy("User level", Map.of("level", "user"));
        String forGroup = strategy("Group level", Map.of("level", "group"));
        strategies.setOptions(ADMIN, defaultGuid(), Map.of("level", "default"));
        assertThat(level()).isEqualTo("default");

        assign(forGroup, "device_groups", "name = 'Lab'");
        assignDevice(null, "Lab");
        assertThat(level()).isEqualTo("group");

        assign(forUser, "users", "name = 'admin'");
        assignDevice("admin", null);
        assertThat(level()).isEqualTo("user");

        assign(forDevice, "devices", "rustdesk_id = '" + client.id() + "'");
        assertThat(level()).isEqualTo("device");

        assign(null, "devices", "rustdesk_id = '" + client.id() + "'");
        assertThat(level()).isEqualTo("user");
    }

    @Test
    void a_disabled_strategy_falls_through_to_the_next_level() {
        String forDevice = strategy("Device level", Map.of("level", "device"));
        String forGroup = strategy("Group level", Map.of("level", "group"));
        assign(forDevice, "devices", "rustdesk_id = '" + client.id() + "'");
        assign(forGroup, "device_groups", "name = 'Lab'");
        assignDevice(null, "Lab");
        assertThat(level()).isEqualTo("device");

        strategies.setEnabled(ADMIN, forDevice, false);
        assertThat(level()).isEqualTo("group");

        strategies.setEnabled(ADMIN, forGroup, false);
        strategies.setOptions(ADMIN, defaultGuid(), Map.of("level", "default"));
        assertThat(level()).isEqualTo("default");

        strategies.setEnabled(ADMIN, defaultGuid(), false);
        assertThat(client.heartbeat(0).body()).isEqualTo("{}");

        strategies.setEnabled(ADMIN, forDevice, true);
        assertThat(level()).isEqualTo("device");
    }

    @Test
    void strategy_changes_need_strategy_read_write_and_are_audited() {
        var deviceOnly = new Caller.ApiToken(1, "t", Map.of(Resource.DEVICE, Level.READ_WRITE), "");

        assertThatThrownBy(() -> strategies.setOptions(deviceOnly, defaultGuid(), Map.of("a", "b")))
                .hasMessage("This token lacks the Strategy read-write permission");
        assertThatThrownBy(() -> strategies.setOptions(ADMIN, "no-such-guid", Map.of("a", "b")))
                .hasMessage("No strategy with guid 'no-such-guid'");
        assertThatThrownBy(() -> strategies.setOptions(ADMIN, defaultGuid(), Map.of(" ", "b")))
                .hasMessage("Option names must have 1 to 255 characters");
        strategies.setOptions(ADMIN, defaultGuid(), Map.of("enable-keyboard", "N", "proxy-password", "s3cret"));

        var audits = server.app().database().withHandle(h -> h.createQuery(
                "SELECT action, target, details FROM console_audits WHERE action LIKE 'strategy.%'")
                .mapToMap().list());
        assertThat(audits).containsExactly(Map.of("action", "strategy.options-change", "target", "Default",
                "details", "enable-keyboard, proxy-password"));
    }

    /** Assigns (or with a null strategy, unassigns) the one row of the table the condition picks. */
    private void assign(String strategyGuid, String table, String condition) {
        String guid = server.app().database().withHandle(h -> h.createQuery(
                "SELECT guid FROM " + table + " WHERE " + condition).mapTo(String.class).one());
        List<String> none = List.of();
        List<String> one = List.of(guid);
        strategies.assign(ADMIN, strategyGuid, switch (table) {
            case "devices" -> new StrategyTargets(one, none, none);
            case "users" -> new StrategyTargets(none, one, none);
            default -> new StrategyTargets(none, none, one);
        });
    }

    private String level() {
        return heartbeat(0).get("strategy").get("config_options").get("level").asText();
    }
}
