package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The devices admin API as Pro's devices.py sends it: Bearer token only (no Content-Type, no body on its POSTs and
 * DELETEs), filters wrapped in {@code %}, pages of 30 from 1; plus bulk changes, the purge and the CSV export.
 */
class DeviceAdminApiTest extends OnEachDatabase {
    private static final Caller CLI = new Caller.CommandLine();

    RustDeskClient pc01;
    RustDeskClient pc02;
    RustDeskClient server3;
    String rwToken;
    String readToken;

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            h.execute("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES ('g-sales', 'Sales', 1, 1)");
            h.execute("INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT 'u-mike', 'mike', 1, id, 1, 1 FROM user_groups WHERE name = 'Sales'");
            h.execute("INSERT INTO users (guid, name, status, group_id, created_at, updated_at)"
                    + " SELECT 'u-eve', 'eve', 1, id, 1, 1 FROM user_groups WHERE name = 'Sales'");
            h.execute("INSERT INTO address_books (guid, name, note, owner_user_id, created_at, updated_at)"
                    + " SELECT 'ab-office', 'Office', '', id, 1, 1 FROM users WHERE name = 'admin'");
            new StrategyStore().insert(h, "Kiosk", 1);
            new DeviceGroupStore().insert(h, "Lab", "", 1);
        });
        server.app().users().resetPassword(CLI, "eve", "eve-password");
        pc01 = register("111111111", "PC01", "alice");
        pc02 = register("222222222", "PC02-lab", "bob");
        server3 = register("333333333", "server", "carol");
        rwToken = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        readToken = server.apiToken(Resource.DEVICE, Level.READ);
    }

    /** Registers a device with the client's own sysinfo body, under its hostname and OS user. */
    private RustDeskClient register(String id, String hostname, String osUser) {
        var client = new RustDeskClient(http, id, "dXVpZC0" + id);
        var reply = http.postJson("/api/sysinfo", client.sysinfoBody("")
                .replace("\"desk-1\"", "\"" + hostname + "\"").replace("\"alice\"", "\"" + osUser + "\""));
        assertThat(reply.body()).isEqualTo("SYSINFO_UPDATED");
        return client;
    }

    /** One page as devices.py asks for it: only the Authorization header. */
    private JsonNode page(String query, String token) {
        var reply = http.get("/api/devices" + query, bearer(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** devices.py's loop: pageSize 30, current 1, 2, … until a short page or current × 30 ≥ total. */
    private List<JsonNode> view(String filters) {
        List<JsonNode> devices = new ArrayList<>();
        for (int current = 1; ; current++) {
            JsonNode page = page("?" + filters + (filters.isEmpty() ? "" : "&") + "pageSize=30&current=" + current,
                    rwToken);
            assertThat(page.has("error")).isFalse();
            page.get("data").forEach(devices::add);
            if (page.get("data").size() < 30 || current * 30L >= page.get("total").asLong()) {
                return devices;
            }
        }
    }

    private List<String> ids(String filters) {
        return view(filters).stream().map(device -> device.get("id").asText()).toList();
    }

    private JsonNode device(String rustdeskId) {
        return view("id=" + rustdeskId).getFirst();
    }

    private String guid(String rustdeskId) {
        return device(rustdeskId).get("guid").asText();
    }

    /** POST as devices.py sends enable/disable: no body, no Content-Type. */
    private Http.Response post(String path, String token) {
        return http.send("POST", path, null, bearer(token));
    }

    /** devices.py's assign: requests' {@code json=} body, so a JSON Content-Type. */
    private Http.Response assign(String guid, String type, String value, String token) {
        return http.postJson("/api/devices/" + guid + "/assign",
                "{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}", bearer(token));
    }

    private static void assertDone(Http.Response reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private Map<String, Object> row(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("""
                SELECT u.name AS owner, s.name AS strategy, g.name AS device_group, d.note, d.alias,
                       d.username_alias, CASE WHEN d.enabled THEN 'yes' ELSE 'no' END AS enabled
                FROM devices d
                LEFT JOIN users u ON u.id = d.owner_user_id
                LEFT JOIN strategies s ON s.id = d.strategy_id
                LEFT JOIN device_groups g ON g.id = d.device_group_id
                WHERE d.rustdesk_id = :id""").bind("id", rustdeskId).mapToMap().one());
    }

    /** devices.py --offline_days: cut at the first '.', parse %Y-%m-%dT%H:%M:%S as UTC, whole days since. */
    private long offlineDays(JsonNode device) {
        LocalDateTime lastOnline = LocalDateTime.parse(device.get("last_online").asText().split("\\.")[0]);
        LocalDateTime now = LocalDateTime.ofInstant(server.clock().instant(), ZoneOffset.UTC);
        return Duration.between(lastOnline, now).toDays();
    }

    @Test
    void view_lists_every_device_with_the_fields_devices_py_reads_and_prints() {
        JsonNode page = page("?pageSize=30&current=1", readToken);

        assertThat(page.get("total").asLong()).isEqualTo(3);
        JsonNode first = page.get("data").get(0);
        assertThat(first.get("guid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first.get("id").asText()).isEqualTo("111111111");
        assertThat(first.get("device_name").asText()).isEqualTo("PC01");
        assertThat(first.get("device_username").asText()).isEqualTo("alice");
        assertThat(first.get("user_name").asText()).isEmpty();
        assertThat(first.get("group_name").asText()).isEmpty();
        assertThat(first.get("device_group_name").asText()).isEmpty();
        assertThat(first.get("strategy_name").asText()).isEmpty();
        assertThat(first.get("os").asText()).isEqualTo("ubuntu / Linux 24.04 Ubuntu");
        assertThat(first.get("version").asText()).isEqualTo("1.4.9");
        assertThat(first.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("status").asInt()).isEqualTo(1);
        assertThat(first.get("is_online").asBoolean()).isTrue();
        // UTC, 'T', microseconds, no offset: what devices.py's strptime takes after its split at '.'
        String expected = Instant.ofEpochMilli(server.clock().millis()).truncatedTo(ChronoUnit.MILLIS).toString()
                .replace("Z", "");
        assertThat(first.get("last_online").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}")
                .startsWith(expected.substring(0, 19));
        assertThat(first.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(offlineDays(first)).isZero();
        assertThat(ids("")).containsExactly("111111111", "222222222", "333333333");
    }

    @Test
    void each_filter_is_a_like_pattern_and_a_dash_means_not_assigned() {
        String pc02Guid = guid("222222222");
        assertDone(assign(pc02Guid, "user_name", "mike", rwToken));
        assertDone(assign(pc02Guid, "device_group_name", "Lab", rwToken));
        assertDone(assign(guid("333333333"), "device_name", "Reception PC", rwToken));
        assertDone(assign(guid("333333333"), "device_username", "front", rwToken));

        assertThat(ids("id=%25111%25")).containsExactly("111111111");
        assertThat(ids("device_name=%25pc0%25")).containsExactly("111111111", "222222222");
        // the name an administrator gave, with '+' for the space as requests sends it
        assertThat(ids("device_name=%25Reception+PC%25")).containsExactly("333333333");
        assertThat(ids("user_name=%25mike%25")).containsExactly("222222222");
        assertThat(ids("user_name=-")).containsExactly("111111111", "333333333");
        assertThat(ids("group_name=%25Sales%25")).containsExactly("222222222");
        assertThat(ids("group_name=-")).containsExactly("111111111", "333333333");
        assertThat(ids("device_group_name=%25Lab%25")).containsExactly("222222222");
        assertThat(ids("device_group_name=-")).containsExactly("111111111", "333333333");
        assertThat(ids("device_username=%25front%25")).containsExactly("333333333");
        assertThat(ids("device_username=%25carol%25")).isEmpty();
        // device-groups.py view-devices sends the group name raw
        assertThat(ids("device_group_name=Lab")).containsExactly("222222222");
        assertThat(ids("id=%25111%25&user_name=-")).containsExactly("111111111");
        assertThat(ids("id=&unknown=x")).hasSize(3);

        JsonNode pc02 = device("222222222");
        assertThat(pc02.get("user_name").asText()).isEqualTo("mike");
        assertThat(pc02.get("group_name").asText()).isEqualTo("Sales");
        assertThat(pc02.get("device_group_name").asText()).isEqualTo("Lab");
        JsonNode renamed = device("333333333");
        assertThat(renamed.get("device_name").asText()).isEqualTo("server");
        assertThat(renamed.get("alias").asText()).isEqualTo("Reception PC");
        assertThat(renamed.get("device_username").asText()).isEqualTo("front");
    }

    @Test
    void pages_are_numbered_from_one_and_a_page_past_the_end_is_empty() {
        for (int i = 10; i < 40; i++) {
            register("4444444" + i, "host" + i, "user");
        }

        assertThat(view("")).hasSize(33);
        assertThat(page("?pageSize=30&current=2", rwToken).get("data")).hasSize(3);
        JsonNode past = page("?pageSize=30&current=31", rwToken);
        assertThat(past.get("total").asLong()).isEqualTo(33);
        assertThat(past.get("data")).isEmpty();
        // strategies.py looks devices up without current
        JsonNode lookup = page("?id=222222222&pageSize=50", rwToken);
        assertThat(lookup.get("data")).hasSize(1);
        assertThat(lookup.get("data").get(0).get("id").asText()).isEqualTo("222222222");
    }

    @Test
    void offline_days_reads_last_online_and_heartbeats_count_before_they_are_flushed() {
        server.clock().advance(Duration.ofDays(10).plusHours(1));
        pc02.heartbeat(0);

        JsonNode silent = device("111111111");
        JsonNode alive = device("222222222");

        assertThat(offlineDays(silent)).isEqualTo(10);
        assertThat(silent.get("is_online").asBoolean()).isFalse();
        assertThat(offlineDays(alive)).isZero();
        assertThat(alive.get("is_online").asBoolean()).isTrue();
        assertThat(view("").stream().filter(device -> offlineDays(device) >= 7).map(d -> d.get("id").asText()))
                .containsExactly("111111111", "333333333");
    }

    @Test
    void disable_and_enable_take_effect_on_the_next_heartbeat_and_are_audited() {
        String guid = guid("111111111");
        assertThat(pc01.heartbeat(0).json().has("modified_at")).isTrue();

        assertDone(post("/api/devices/" + guid + "/disable", rwToken));
        assertThat(device("111111111").get("status").asInt()).isZero();
        assertThat(pc01.heartbeat(0).body()).isEqualTo("{}");

        assertDone(post("/api/devices/" + guid + "/enable", rwToken));
        assertThat(device("111111111").get("status").asInt()).isEqualTo(1);
        assertThat(pc01.heartbeat(0).json().has("strategy")).isTrue();

        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.disable' AND typ = 2"
                + " AND iop = 9 AND target = '111111111'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.enable' AND typ = 2"
                + " AND iop = 8")).isEqualTo(1);
    }

    @Test
    void delete_removes_the_device_from_the_list_and_from_memory() {
        pc01.heartbeat(0);

        assertDone(http.send("DELETE", "/api/devices/" + guid("111111111"), null, bearer(rwToken)));

        assertThat(ids("")).containsExactly("222222222", "333333333");
        assertThat(server.app().devices().isOnline("111111111")).isFalse();
        assertThat(pc01.heartbeat(0).body()).isEqualTo("{\"sysinfo\":true}");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.delete' AND typ = 2"
                + " AND iop = 14 AND target = '111111111'")).isEqualTo(1);
        // the client registers again, as a new device
        assertThat(pc01.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(ids("")).containsExactly("222222222", "333333333", "111111111");
    }

    @Test
    void assign_takes_every_type_devices_py_offers() {
        String guid = guid("111111111");

        assertDone(assign(guid, "user_name", "mike", rwToken));
        assertDone(assign(guid, "strategy_name", "kiosk", rwToken));
        assertDone(assign(guid, "device_group_name", "Lab", rwToken));
        assertDone(assign(guid, "note", "second floor", rwToken));
        assertDone(assign(guid, "device_username", "front", rwToken));
        assertDone(assign(guid, "device_name", "Reception PC", rwToken));

        assertThat(row("111111111")).containsEntry("owner", "mike").containsEntry("strategy", "Kiosk")
                .containsEntry("device_group", "Lab").containsEntry("note", "second floor")
                .containsEntry("username_alias", "front").containsEntry("alias", "Reception PC");
        assertThat(device("111111111").get("strategy_name").asText()).isEqualTo("Kiosk");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.assign' AND typ = 2"
                + " AND iop = 12 AND target = '111111111'")).isEqualTo(6);
        // the strategy reaches the device with its next heartbeat
        long kiosk = count("SELECT modified_at FROM strategies WHERE name = 'Kiosk'");
        assertThat(pc01.heartbeat(0).json().get("modified_at").asLong()).isEqualTo(kiosk);
    }

    @Test
    void assign_ab_takes_a_book_name_or_the_five_part_value() {
        assertDone(assign(guid("111111111"), "ab", "Office", rwToken));
        assertDone(assign(guid("222222222"), "ab", "Office,vip,Front desk,pw1,the note, with a comma", rwToken));

        var peers = server.app().database().withHandle(h -> h.createQuery("""
                SELECT p.rustdesk_id AS peer_id, p.alias, p.note, p.password, p.tags FROM address_book_peers p
                JOIN address_books b ON b.id = p.address_book_id WHERE b.guid = 'ab-office' ORDER BY p.rustdesk_id""")
                .mapToMap().list());
        assertThat(peers).hasSize(2);
        assertThat(peers.get(0)).containsEntry("peer_id", "111111111").containsEntry("alias", "");
        assertThat(peers.get(1)).containsEntry("peer_id", "222222222").containsEntry("alias", "Front desk")
                .containsEntry("note", "the note, with a comma").containsEntry("password", "pw1");
        assertThat(peers.get(1).get("tags").toString()).contains("vip");
        assertThat(count("SELECT COUNT(*) FROM address_book_tags t JOIN address_books b ON b.id = t.address_book_id"
                + " WHERE b.guid = 'ab-office' AND t.name = 'vip'")).isEqualTo(1);
    }

    @Test
    void an_empty_name_unassigns() {
        String guid = guid("111111111");
        assertDone(assign(guid, "user_name", "mike", rwToken));
        assertDone(assign(guid, "strategy_name", "Kiosk", rwToken));
        assertDone(assign(guid, "device_group_name", "Lab", rwToken));

        assertDone(assign(guid, "user_name", "", rwToken));
        assertDone(assign(guid, "strategy_name", "", rwToken));
        assertDone(assign(guid, "device_group_name", "", rwToken));

        assertThat(row("111111111")).containsEntry("owner", null).containsEntry("strategy", null)
                .containsEntry("device_group", null);
    }

    @Test
    void bad_input_gets_a_clear_4xx_and_changes_nothing() {
        String guid = guid("111111111");
        var before = row("111111111");

        var type = assign(guid, "owner", "mike", rwToken);
        var user = assign(guid, "user_name", "ghost", rwToken);
        var strategy = assign(guid, "strategy_name", "nope", rwToken);
        var group = assign(guid, "device_group_name", "nowhere", rwToken);
        var book = assign(guid, "ab", "Nobook,vip", rwToken);
        var emptyBook = assign(guid, "ab", "", rwToken);
        var noValue = http.postJson("/api/devices/" + guid + "/assign", "{\"type\":\"note\"}", bearer(rwToken));
        var noBody = post("/api/devices/" + guid + "/assign", rwToken);
        var wrongType = http.postJson("/api/devices/" + guid + "/assign", "{\"type\":\"note\",\"value\":[1]}",
                bearer(rwToken));
        var unknownDevice = assign("0190a1b2-0000-7000-8000-000000000000", "note", "x", rwToken);
        var unknownEnable = post("/api/devices/nope/enable", rwToken);
        var unknownDelete = http.send("DELETE", "/api/devices/nope", null, bearer(rwToken));

        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json().get("error").asText()).startsWith("Unknown assignment type 'owner'");
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.body()).isEqualTo("{\"error\":\"No user named 'ghost'\"}");
        assertThat(strategy.body()).isEqualTo("{\"error\":\"No strategy named 'nope'\"}");
        assertThat(group.body()).isEqualTo("{\"error\":\"No device group named 'nowhere'\"}");
        assertThat(book.status()).isEqualTo(404);
        assertThat(book.body()).isEqualTo("{\"error\":\"No shared address book named 'Nobook'\"}");
        assertThat(emptyBook.status()).isEqualTo(400);
        assertThat(noValue.body()).isEqualTo("{\"error\":\"Field 'value' is required\"}");
        assertThat(noBody.body()).isEqualTo("{\"error\":\"Field 'type' is required\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(unknownDevice.status()).isEqualTo(404);
        assertThat(unknownDevice.body())
                .isEqualTo("{\"error\":\"No device with guid '0190a1b2-0000-7000-8000-000000000000'\"}");
        assertThat(unknownEnable.status()).isEqualTo(404);
        assertThat(unknownDelete.status()).isEqualTo(404);
        assertThat(row("111111111")).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action LIKE 'device.%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM address_book_peers")).isZero();
    }

    @Test
    void device_permission_none_read_and_read_write() {
        String guid = guid("111111111");
        String none = server.apiToken(Resource.USER, Level.READ_WRITE);

        for (String token : List.of(none, readToken)) {
            assertThat(post("/api/devices/" + guid + "/disable", token).status()).isEqualTo(403);
            assertThat(post("/api/devices/" + guid + "/enable", token).status()).isEqualTo(403);
            assertThat(http.send("DELETE", "/api/devices/" + guid, null, bearer(token)).status()).isEqualTo(403);
            assertThat(assign(guid, "note", "x", token).status()).isEqualTo(403);
            assertThat(http.postJson("/api/devices/bulk/delete", "[\"" + guid + "\"]", bearer(token)).status())
                    .isEqualTo(403);
        }
        var noneList = http.get("/api/devices?pageSize=30&current=1", bearer(none));
        assertThat(noneList.status()).isEqualTo(403);
        assertThat(noneList.body()).isEqualTo("{\"error\":\"This token lacks the Device read permission\"}");
        assertThat(http.get("/api/devices/export.csv", bearer(none)).status()).isEqualTo(403);
        var readChange = post("/api/devices/" + guid + "/disable", readToken);
        assertThat(readChange.body()).isEqualTo("{\"error\":\"This token lacks the Device read-write permission\"}");
        assertThat(page("?pageSize=30&current=1", readToken).get("total").asLong()).isEqualTo(3);
        assertThat(http.get("/api/devices/export.csv", bearer(readToken)).status()).isEqualTo(200);
        assertThat(row("111111111")).containsEntry("enabled", "yes").containsEntry("note", "");
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(3);

        assertDone(post("/api/devices/" + guid + "/disable", rwToken));
    }

    @Test
    void no_token_or_a_bad_one_is_401_and_a_signed_in_user_must_be_an_administrator() {
        String guid = guid("111111111");
        var noToken = http.get("/api/devices?pageSize=30&current=1");
        var badToken = http.send("POST", "/api/devices/" + guid + "/disable", null, bearer("not-a-token"));
        String eve = http.postJson("/api/login", "{\"username\":\"eve\",\"password\":\"eve-password\"}")
                .json().get("access_token").asText();
        String admin = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}")
                .json().get("access_token").asText();

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.body()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(http.get("/api/devices", bearer(eve)).status()).isEqualTo(403);
        assertThat(post("/api/devices/" + guid + "/disable", eve).status()).isEqualTo(403);
        assertThat(row("111111111")).containsEntry("enabled", "yes");
        assertThat(http.get("/api/devices", bearer(admin)).json().get("total").asLong()).isEqualTo(3);
        assertDone(post("/api/devices/" + guid + "/disable", admin));
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.disable'"
                + " AND operator = 'admin'")).isEqualTo(1);
    }

    @Test
    void bulk_changes_take_an_array_of_guids_all_or_none() {
        String one = guid("111111111");
        String two = guid("222222222");

        assertDone(http.postJson("/api/devices/bulk/disable", "[\"" + one + "\",\"" + two + "\"]", bearer(rwToken)));
        assertThat(view("").stream().map(device -> device.get("status").asInt())).containsExactly(0, 0, 1);
        assertDone(http.postJson("/api/devices/bulk/enable", "[\"" + one + "\"]", bearer(rwToken)));
        assertThat(view("").stream().map(device -> device.get("status").asInt())).containsExactly(1, 0, 1);

        var unknown = http.postJson("/api/devices/bulk/delete", "[\"" + one + "\",\"ghost\"]", bearer(rwToken));
        var twice = http.postJson("/api/devices/bulk/delete", "[\"" + one + "\",\"" + one + "\"]", bearer(rwToken));
        var notArray = http.postJson("/api/devices/bulk/delete", "{\"guids\":[\"" + one + "\"]}", bearer(rwToken));
        var empty = http.postJson("/api/devices/bulk/delete", "[]", bearer(rwToken));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"No device with guid 'ghost'\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(notArray.body()).isEqualTo("{\"error\":\"The request body must be a JSON array of device guids\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(3);

        assertDone(http.postJson("/api/devices/bulk/delete", "[\"" + one + "\",\"" + two + "\"]", bearer(rwToken)));
        assertThat(ids("")).containsExactly("333333333");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.delete'")).isEqualTo(2);
    }

    @Test
    void purge_deletes_devices_not_heard_from_for_the_set_days_and_audits_each_as_system() {
        assertThat(server.app().devices().purgeOffline()).as("0 days is off").isZero();
        server.app().settings().set(CLI, ServerSetting.PURGE_OFFLINE_DEVICES_AFTER_DAYS, "30");

        server.clock().advance(Duration.ofDays(29));
        assertThat(server.app().devices().purgeOffline()).isZero();
        // heard from in memory only (not flushed yet): not silent
        pc02.heartbeat(0);
        server.clock().advance(Duration.ofDays(2));

        assertThat(server.app().devices().purgeOffline()).isEqualTo(2);
        assertThat(ids("")).containsExactly("222222222");
        assertThat(pc01.heartbeat(0).body()).isEqualTo("{\"sysinfo\":true}");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.purge' AND operator = 'system'"
                + " AND channel = 'system' AND typ = 2 AND iop = 14")).isEqualTo(2);

        server.app().settings().set(CLI, ServerSetting.PURGE_OFFLINE_DEVICES_AFTER_DAYS, "0");
        server.clock().advance(Duration.ofDays(365));
        assertThat(server.app().devices().purgeOffline()).isZero();
        assertThat(ids("")).containsExactly("222222222");
    }

    @Test
    void csv_export_has_every_matching_row_with_the_list_filters() {
        assertDone(assign(guid("222222222"), "note", "=cmd, \\\"quoted\\\"", rwToken));

        var all = http.get("/api/devices/export.csv", bearer(readToken));
        var unassigned = http.get("/api/devices/export.csv?id=%25222%25", bearer(readToken));

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(all.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"devices.csv\"");
        String[] lines = all.body().split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("guid,id,device_name,user_name,group_name,device_group_name,device_username,"
                + "os,version,ip,note,alias,status,is_online,strategy_name,last_online,created_at");
        assertThat(lines[1]).startsWith(guid("111111111") + ",111111111,PC01,,,,alice,ubuntu / Linux 24.04 Ubuntu,");
        String[] only = unassigned.body().split("\r\n");
        assertThat(only).hasSize(2);
        assertThat(only[1]).contains(",\"'=cmd, \"\"quoted\"\"\",");
    }
}
