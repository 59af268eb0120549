package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.NewAccount;

/**
 * What the console's Devices page asks of {@link DeviceService}: every sort column both ways, the filters the API
 * lacks (online, OS, strategy, user "none"), a non-administrator's own devices only, and the Edit form's changes.
 */
class DeviceBrowseTest extends OnEachDatabase {
    private static final Caller CLI = new Caller.CommandLine();
    private static final String D1 = "100000001";
    private static final String D2 = "100000002";
    private static final String D3 = "100000003";

    private DeviceService devices;
    private Caller.User admin;
    private Caller.User mike;
    private Caller.User eve;

    @BeforeEach
    void fixture() {
        devices = server.app().devices();
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES ('g-sales', 'Sales', 1, 1)");
            new StrategyStore().insert(h, "Kiosk", 1);
            new DeviceGroupStore().insert(h, "Lab", "", 1);
            new DeviceGroupStore().insert(h, "Office", "", 1);
        });
        mike = user("mike", "Sales");
        eve = user("eve", "Sales");
        admin = new Caller.User(id("admin"), "admin", true, "127.0.0.1");

        register(D1, "delta-laptop", "windows / Windows 11 Pro", "1.4.1");
        server.clock().advance(Duration.ofMinutes(1));
        register(D2, "Bravo-desk", "ubuntu / Linux 24.04 Ubuntu", "1.3.0");
        server.clock().advance(Duration.ofMinutes(1));
        register(D3, "charlie-laptop", "Mac OS / macOS 14.5", "1.4.9");
        server.app().database().useTransaction(h -> {
            h.execute("UPDATE devices SET ip = '10.0.0.3', note = 'c note' WHERE rustdesk_id = '" + D1 + "'");
            h.execute("UPDATE devices SET ip = '10.0.0.1', note = 'a note' WHERE rustdesk_id = '" + D2 + "'");
            h.execute("UPDATE devices SET ip = '10.0.0.2', note = 'b note' WHERE rustdesk_id = '" + D3 + "'");
        });
        devices.assign(CLI, guid(D1), "user_name", "mike");
        devices.assign(CLI, guid(D1), "device_group_name", "Lab");
        devices.assign(CLI, guid(D1), "strategy_name", "Kiosk");
        devices.assign(CLI, guid(D2), "user_name", "admin");
        devices.assign(CLI, guid(D2), "device_group_name", "Office");
        // their sysinfo made them online; from here on, only heartbeats do
        server.clock().advance(DevicePresence.ONLINE_WINDOW.plusSeconds(1));
    }

    private Caller.User user(String name, String group) {
        server.app().users().create(CLI, new NewAccount(name, null, "", group, false), "Correct-horse-7");
        return new Caller.User(id(name), name, false, "127.0.0.1");
    }

    private long id(String name) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = :name")
                .bind("name", name).mapTo(Long.class).one());
    }

    private void register(String id, String hostname, String os, String version) {
        var client = new RustDeskClient(http, id, "uuid-" + id);
        String body = client.sysinfoBody("").replace("\"desk-1\"", "\"" + hostname + "\"")
                .replace("\"ubuntu / Linux 24.04 Ubuntu\"", "\"" + os + "\"")
                .replace("\"1.4.9\"", "\"" + version + "\"");
        assertThat(http.postJson("/api/sysinfo", body).body()).isEqualTo("SYSINFO_UPDATED");
    }

    private String guid(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT guid FROM devices WHERE rustdesk_id = :id")
                .bind("id", rustdeskId).mapTo(String.class).one());
    }

    private List<String> ids(Caller caller, DeviceFilter filter, Sort sort) {
        return devices.browse(caller, filter, new PageRequest(1, 20), sort).data().stream()
                .map(DeviceSummary::rustdeskId).toList();
    }

    private List<String> ids(DeviceFilter filter) {
        return ids(admin, filter, new Sort("id", false));
    }

    private static DeviceFilter filter(String os, String strategy, Boolean online) {
        return new DeviceFilter(null, null, null, null, null, null, os, strategy, online, null);
    }

    @Test
    void every_column_sorts_both_ways_with_the_row_id_breaking_ties() {
        Map<String, List<String>> ascending = Map.ofEntries(
                Map.entry("id", List.of(D1, D2, D3)),
                Map.entry("name", List.of(D2, D3, D1)),
                Map.entry("user", List.of(D3, D2, D1)),
                Map.entry("group", List.of(D3, D2, D1)),
                Map.entry("device_group", List.of(D3, D1, D2)),
                Map.entry("os", List.of(D3, D2, D1)),
                Map.entry("version", List.of(D2, D1, D3)),
                Map.entry("ip", List.of(D2, D3, D1)),
                Map.entry("last_online", List.of(D1, D2, D3)),
                Map.entry("note", List.of(D2, D3, D1)),
                Map.entry("strategy", List.of(D2, D3, D1)));
        assertThat(ascending.keySet()).containsExactlyInAnyOrderElementsOf(DeviceService.SORT_COLUMNS);

        for (var column : ascending.entrySet()) {
            assertThat(ids(admin, DeviceFilter.none(), new Sort(column.getKey(), false)))
                    .as("ascending by %s", column.getKey()).isEqualTo(column.getValue());
            assertThat(ids(admin, DeviceFilter.none(), new Sort(column.getKey(), true)))
                    .as("descending by %s", column.getKey()).isEqualTo(column.getValue().reversed());
        }
        assertThatThrownBy(() -> ids(admin, DeviceFilter.none(), new Sort("d.id; DROP TABLE devices", false)))
                .isInstanceOf(ServiceException.class);
    }

    @Test
    void pages_follow_the_sort_and_the_api_keeps_its_oldest_first_order() {
        var first = devices.browse(admin, DeviceFilter.none(), new PageRequest(1, 2), new Sort("name", true));
        var second = devices.browse(admin, DeviceFilter.none(), new PageRequest(2, 2), new Sort("name", true));

        assertThat(first.total()).isEqualTo(3);
        assertThat(first.data()).extracting(DeviceSummary::rustdeskId).containsExactly(D1, D3);
        assertThat(second.data()).extracting(DeviceSummary::rustdeskId).containsExactly(D2);
        assertThat(devices.list(admin, DeviceFilter.none(), new PageRequest(1, 20)).data())
                .extracting(DeviceSummary::rustdeskId).containsExactly(D1, D2, D3);
    }

    @Test
    void online_os_strategy_and_unassigned_filters() {
        new RustDeskClient(http, D3, "uuid-" + D3).heartbeat(0, 7);

        assertThat(ids(filter(null, null, true))).containsExactly(D3);
        assertThat(ids(filter(null, null, false))).containsExactly(D1, D2);
        assertThat(devices.browse(admin, filter(null, null, true), new PageRequest(1, 20), new Sort("id", false))
                .data().getFirst().connections()).containsExactly(7);
        assertThat(ids(filter(DeviceFilter.osFamilyPattern("windows"), null, null))).containsExactly(D1);
        assertThat(ids(filter(DeviceFilter.osFamilyPattern("linux"), null, null))).containsExactly(D2);
        assertThat(ids(filter(DeviceFilter.osFamilyPattern("macos"), null, null))).containsExactly(D3);
        assertThat(ids(filter(null, "kiosk", null))).containsExactly(D1);
        assertThat(ids(filter(null, "-", null))).containsExactly(D2, D3);
        assertThat(ids(new DeviceFilter(null, "%laptop%", "-", null, null, null))).containsExactly(D3);
        assertThat(ids(new DeviceFilter(null, null, null, "Sales", "Lab", null))).containsExactly(D1);

        server.clock().advance(DevicePresence.ONLINE_WINDOW.plusSeconds(1));
        assertThat(ids(filter(null, null, true))).isEmpty();
        assertThat(ids(filter(null, null, false))).containsExactly(D1, D2, D3);
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_only_their_own_devices() {
        assertThat(ids(mike, DeviceFilter.none(), new Sort("id", false))).containsExactly(D1);
        // asking for somebody else's devices gives nothing, never their devices
        assertThat(ids(mike, new DeviceFilter(null, null, "admin", null, null, null), new Sort("id", false)))
                .isEmpty();
        assertThat(ids(eve, DeviceFilter.none(), new Sort("id", false))).isEmpty();
        assertThat(devices.browseAll(mike, DeviceFilter.none(), new Sort("id", false)))
                .extracting(DeviceSummary::rustdeskId).containsExactly(D1);
        assertThat(ids(admin, DeviceFilter.none(), new Sort("id", false))).containsExactly(D1, D2, D3);

        assertThatThrownBy(() -> devices.view(mike, guid(D1)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> devices.choices(mike)).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> ids(new Caller.Anonymous("127.0.0.1"), DeviceFilter.none(), new Sort("id", false)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_AUTHENTICATED));
        Caller token = new Caller.ApiToken(1, "t", Map.of(Resource.DEVICE, Level.READ), "127.0.0.1");
        assertThat(ids(token, DeviceFilter.none(), new Sort("id", false))).containsExactly(D1, D2, D3);
        Caller noDevices = new Caller.ApiToken(1, "t", Map.of(Resource.USER, Level.READ), "127.0.0.1");
        assertThatThrownBy(() -> ids(noDevices, DeviceFilter.none(), new Sort("id", false)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.FORBIDDEN));
    }

    @Test
    void edit_changes_only_what_differs_and_audits_it() {
        String guid = guid(D2);

        boolean changed = devices.edit(admin, guid, new DeviceService.Assignment(null, null, "mike", "Kiosk", "Lab",
                "new note", null, "Boss PC", null));

        assertThat(changed).isTrue();
        DeviceSummary device = devices.view(admin, guid);
        assertThat(device.ownerName()).isEqualTo("mike");
        assertThat(device.strategyName()).isEqualTo("Kiosk");
        assertThat(device.deviceGroupName()).isEqualTo("Lab");
        assertThat(device.note()).isEqualTo("new note");
        assertThat(device.alias()).isEqualTo("Boss PC");
        assertThat(lastAuditDetails()).isEqualTo(
                "user=mike, strategy=Kiosk, device group=Lab, note, device name=Boss PC");

        long audits = auditCount();
        assertThat(devices.edit(admin, guid, new DeviceService.Assignment(null, null, "MIKE", "Kiosk", "Lab",
                "new note", null, "Boss PC", null))).isFalse();
        assertThat(auditCount()).isEqualTo(audits);

        // taking assignments away: empty names
        assertThat(devices.edit(admin, guid, new DeviceService.Assignment(null, null, "", "", "Lab", "", null, "",
                null))).isTrue();
        device = devices.view(admin, guid);
        assertThat(device.ownerName()).isEmpty();
        assertThat(device.strategyName()).isEmpty();
        assertThat(device.alias()).isEmpty();
        assertThat(lastAuditDetails()).isEqualTo("user=, strategy=, note, device name=");
    }

    @Test
    void a_failed_edit_changes_nothing_and_says_why_with_a_code() {
        String guid = guid(D2);
        var unknownUser = new DeviceService.Assignment(null, null, "nobody", null, "Lab", "x", null, null, null);
        var longNote = new DeviceService.Assignment(null, null, "mike", null, null, "n".repeat(10_001), null, null,
                null);

        assertThatThrownBy(() -> devices.edit(admin, guid, unknownUser))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("unknown_user");
                });
        assertThatThrownBy(() -> devices.edit(admin, guid, longNote))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("too_long_note"));
        assertThatThrownBy(() -> devices.edit(mike, guid, unknownUser))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.FORBIDDEN));

        DeviceSummary device = devices.view(admin, guid);
        assertThat(device.ownerName()).isEqualTo("admin");
        assertThat(device.deviceGroupName()).isEqualTo("Office");
        assertThat(device.note()).isEqualTo("a note");
    }

    private String lastAuditDetails() {
        return server.app().database().withHandle(h -> h.createQuery(
                "SELECT details FROM console_audits WHERE action = 'device.assign' ORDER BY id DESC LIMIT 1")
                .mapTo(String.class).one());
    }

    private long auditCount() {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM console_audits")
                .mapTo(Long.class).one());
    }
}
