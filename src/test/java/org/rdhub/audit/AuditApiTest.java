package org.rdhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.Ids;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.UserStore;

/**
 * The audit lists as Pro's audits.py sends them: no Content-Type, {@code pageSize} and {@code current} always, the
 * string filters wrapped in {@code %}, {@code created_at} as UTC {@code YYYY-MM-DD HH:MM:SS.000}.
 */
class AuditApiTest extends OnEachDatabase {
    static final String DEVICE = "123456789";
    static final String UUID = "bWFjaGluZS1pZC0x";
    static final DateTimeFormatter SCRIPT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.000")
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    String read;

    @BeforeEach
    void start() {
        read = server.apiToken(Resource.AUDIT_LOG, Level.READ);
        new RustDeskClient(http, DEVICE, UUID).sysinfo();
        new RustDeskClient(http, "555000111", "b3RoZXItbWFjaGluZQ==").sysinfo();
    }

    private long now() {
        return server.clock().millis();
    }

    private void later() {
        server.clock().advance(Duration.ofSeconds(10));
    }

    private void post(String path, String json) {
        var reply = http.postJson(path, json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private static String common(String device, String uuid, int connId) {
        return "\"id\":\"" + device + "\",\"uuid\":\"" + uuid + "\",\"conn_id\":" + connId;
    }

    /** A connection by controller {@code peer}: opened, and authorized with this type unless null, closed if asked. */
    private void connection(int connId, String peer, Integer connType, boolean close) {
        String common = common(DEVICE, UUID, connId);
        post("/api/audit/conn", "{" + common + ",\"session_id\":0,\"action\":\"new\",\"ip\":\"192.168.1.5\"}");
        if (connType != null) {
            post("/api/audit/conn", "{\"peer\":[\"" + peer + "\",\"Alice\"],\"type\":" + connType
                    + ",\"primary_auth\":3," + common + ",\"session_id\":42}");
        }
        if (close) {
            post("/api/audit/conn", "{\"action\":\"close\"," + common + ",\"session_id\":42}");
        }
    }

    private void file(String device, String uuid, String peer) {
        post("/api/audit/file", "{" + common(device, uuid, 1) + ",\"peer_id\":\"" + peer + "\",\"type\":1,"
                + "\"path\":\"/home/bob\",\"is_file\":true,\"info\":\"{\\\"ip\\\":\\\"10.0.0.9\\\",\\\"num\\\":1}\"}");
    }

    private void alarm(String device, String uuid, int typ) {
        post("/api/audit/alarm", "{" + common(device, uuid, 0) + ",\"typ\":" + typ
                + ",\"info\":\"{\\\"ip\\\":\\\"10.0.0.9\\\"}\"}");
    }

    /** GET as audits.py sends it: Authorization only. */
    private Http.Response get(String path, String token) {
        return http.get(path, bearer(token));
    }

    private JsonNode list(String path) {
        var reply = get(path, read);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        page.get("data").forEach(item -> values.add(item.path(field).asText("<absent>")));
        return values;
    }

    @Test
    void view_conn_lists_newest_first_with_epoch_seconds_and_no_conn_type_before_login() {
        long first = now();
        connection(1, "987654321", 0, true);
        later();
        long second = now();
        connection(2, "987654321", null, false);

        JsonNode page = list("/api/audits/conn?pageSize=10&current=1");

        assertThat(page.get("total").asLong()).isEqualTo(2);
        JsonNode notLoggedIn = page.get("data").get(0);
        JsonNode closed = page.get("data").get(1);
        assertThat(notLoggedIn.has("conn_type")).isFalse();
        assertThat(notLoggedIn.has("end_time")).isFalse();
        assertThat(notLoggedIn.get("created_at").isIntegralNumber()).isTrue();
        assertThat(notLoggedIn.get("created_at").asLong()).isEqualTo(second / 1000);
        assertThat(closed.get("conn_type").asInt()).isZero();
        assertThat(closed.get("created_at").asLong()).isEqualTo(first / 1000);
        assertThat(closed.get("end_time").isIntegralNumber()).isTrue();
        assertThat(closed.get("device_id").asText()).isEqualTo(DEVICE);
        assertThat(closed.get("peer_id").asText()).isEqualTo("987654321");
        assertThat(closed.get("peer_name").asText()).isEqualTo("Alice");
        assertThat(closed.get("session_id").asText()).isEqualTo("42");
        assertThat(closed.get("ip").asText()).isEqualTo("192.168.1.5");
        assertThat(closed.get("primary_auth").asInt()).isEqualTo(3);
    }

    @Test
    void view_conn_filters_by_remote_pattern_and_conn_type() {
        connection(1, "987654321", 0, true);
        connection(2, "111222333", 1, true);
        connection(3, "987000000", 1, false);

        // view-conn --remote 987: the script wraps it
        assertThat(values(list("/api/audits/conn?pageSize=10&current=1&remote=%25987%25"), "peer_id"))
                .containsExactly("987000000", "987654321");
        // --conn-type 1 is sent raw, as an int
        assertThat(values(list("/api/audits/conn?pageSize=10&current=1&conn_type=1"), "peer_id"))
                .containsExactly("987000000", "111222333");
        assertThat(values(list("/api/audits/conn?pageSize=10&current=1&remote=%25987%25&conn_type=1"), "peer_id"))
                .containsExactly("987000000");
        assertThat(list("/api/audits/conn?pageSize=10&current=1&remote=nobody").get("total").asLong()).isZero();

        var badType = get("/api/audits/conn?pageSize=10&current=1&conn_type=desktop", read);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).isEqualTo("{\"error\":\"conn_type must be a whole number\"}");
    }

    @Test
    void created_at_keeps_records_at_or_after_that_utc_time() {
        connection(1, "987654321", 0, true);
        later();
        long boundary = now();
        connection(2, "987654321", 0, true);

        // --created-at / --days-ago: whole seconds with a literal .000
        String scriptTime = SCRIPT_TIME.format(Instant.ofEpochMilli(boundary)).replace(" ", "+");
        assertThat(list("/api/audits/conn?pageSize=10&current=1&created_at=" + scriptTime).get("total").asLong())
                .isEqualTo(1);
        // at the exact millisecond: kept; one millisecond later: not
        String at = MILLIS.format(Instant.ofEpochMilli(boundary)).replace(" ", "+");
        String after = MILLIS.format(Instant.ofEpochMilli(boundary + 1)).replace(" ", "+");
        assertThat(list("/api/audits/conn?pageSize=10&current=1&created_at=" + at).get("total").asLong())
                .isEqualTo(1);
        assertThat(list("/api/audits/conn?pageSize=10&current=1&created_at=" + after).get("total").asLong())
                .isZero();
        // without a fraction
        String whole = SCRIPT_TIME.format(Instant.ofEpochMilli(boundary - 10_000)).substring(0, 19).replace(" ", "+");
        assertThat(list("/api/audits/conn?pageSize=10&current=1&created_at=" + whole).get("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void an_unparseable_created_at_is_400() {
        // audits.py forwards a --created-at it cannot parse unchanged
        for (String value : List.of("yesterday", "2025-13-01+00:00:00", "2025-09-16", "16.09.2025+14:15:57")) {
            var reply = get("/api/audits/console?pageSize=10&current=1&created_at=" + value, read);
            assertThat(reply.status()).as(value).isEqualTo(400);
            assertThat(reply.body()).isEqualTo("{\"error\":\"created_at must be a UTC time as YYYY-MM-DD HH:MM:SS, "
                    + "optionally with a fraction (.000)\"}");
        }
    }

    @Test
    void pages_follow_page_size_and_current_and_a_page_past_the_end_is_empty() {
        for (int i = 1; i <= 12; i++) {
            connection(i, "987654321", 0, true);
            server.clock().advance(Duration.ofMillis(5));
        }

        JsonNode first = list("/api/audits/conn?pageSize=5&current=1");
        JsonNode third = list("/api/audits/conn?pageSize=5&current=3");
        JsonNode past = list("/api/audits/conn?pageSize=10&current=4");

        assertThat(first.get("data")).hasSize(5);
        assertThat(first.get("data").get(0).get("conn_id").asInt()).isEqualTo(12);
        assertThat(third.get("data")).hasSize(2);
        assertThat(third.get("data").get(1).get("conn_id").asInt()).isEqualTo(1);
        assertThat(past.get("total").asLong()).isEqualTo(12);
        assertThat(past.get("data")).isEmpty();
    }

    @Test
    void view_file_filters_by_remote_and_gives_info_as_an_object() {
        file(DEVICE, UUID, "987654321");
        later();
        file(DEVICE, UUID, "111222333");

        JsonNode page = list("/api/audits/file?pageSize=10&current=1&remote=%25987%25");

        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode item = page.get("data").get(0);
        assertThat(item.get("peer_id").asText()).isEqualTo("987654321");
        assertThat(item.get("device_id").asText()).isEqualTo(DEVICE);
        assertThat(item.get("type").asInt()).isEqualTo(1);
        assertThat(item.get("path").asText()).isEqualTo("/home/bob");
        assertThat(item.get("is_file").asBoolean()).isTrue();
        assertThat(item.get("info").toString()).isEqualTo("{\"ip\":\"10.0.0.9\",\"num\":1}");
        assertThat(item.get("created_at").isIntegralNumber()).isTrue();
        assertThat(values(list("/api/audits/file?pageSize=10&current=1"), "peer_id"))
                .containsExactly("111222333", "987654321");
    }

    @Test
    void view_alarm_filters_by_device_and_carries_typ() {
        alarm(DEVICE, UUID, 0);
        later();
        alarm("555000111", "b3RoZXItbWFjaGluZQ==", 2);

        JsonNode page = list("/api/audits/alarm?pageSize=10&current=1&device=%25555%25");

        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("data").get(0).get("typ").asInt()).isEqualTo(2);
        assertThat(page.get("data").get(0).get("device_id").asText()).isEqualTo("555000111");
        assertThat(page.get("data").get(0).get("info").toString()).isEqualTo("{\"ip\":\"10.0.0.9\"}");
        assertThat(values(list("/api/audits/alarm?pageSize=10&current=1"), "typ")).containsExactly("2", "0");
    }

    @Test
    void view_console_filters_by_operator_and_omits_codes_pro_has_none_for() {
        String strategies = server.apiToken(Resource.STRATEGY, Level.READ_WRITE);
        String books = server.apiToken(Resource.ADDRESS_BOOK, Level.READ_WRITE);
        server.app().database().useTransaction(h -> h.createUpdate("UPDATE api_tokens SET name = 'ops'").execute());
        String defaultGuid = server.app().database().withHandle(h -> h.createQuery(
                "SELECT guid FROM strategies WHERE name = 'Default'").mapTo(String.class).one());
        later();
        assertThat(http.send("PUT", "/api/strategies/" + defaultGuid + "/status", "false",
                "Authorization", "Bearer " + strategies).status()).isEqualTo(200);
        later();
        assertThat(http.send("POST", "/api/ab/shared/add", "{\"name\":\"Team\",\"note\":null}",
                "Authorization", "Bearer " + books, "Content-Type", "application/json").status()).isEqualTo(200);

        JsonNode page = list("/api/audits/console?pageSize=10&current=1&operator=%25ops%25");

        assertThat(page.get("total").asLong()).isEqualTo(2);
        JsonNode book = page.get("data").get(0);
        JsonNode strategy = page.get("data").get(1);
        assertThat(book.get("typ").asInt()).isEqualTo(3);
        assertThat(book.get("iop").asInt()).isEqualTo(15);
        assertThat(book.get("action").asText()).isEqualTo("address-book.create");
        assertThat(book.get("operator").asText()).isEqualTo("token:ops");
        assertThat(book.get("created_at").isIntegralNumber()).isTrue();
        assertThat(strategy.has("typ")).isFalse();
        assertThat(strategy.has("iop")).isFalse();
        assertThat(strategy.get("action").asText()).isEqualTo("strategy.disable");
        assertThat(strategy.get("target").asText()).isEqualTo("Default");
        assertThat(strategy.get("channel").asText()).isEqualTo("api");
        assertThat(strategy.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(strategy.get("details").asText()).isEmpty();
        // the tokens were made at the command line
        assertThat(values(list("/api/audits/console?pageSize=10&current=1&operator=cli"), "action"))
                .containsOnly("api-token.create");
    }

    @Test
    void each_log_exports_as_csv_with_the_same_filters_and_iso_times() {
        long first = now();
        connection(1, "987654321", 0, true);
        later();
        connection(2, "111222333", null, false);
        file(DEVICE, UUID, "987654321");
        alarm(DEVICE, UUID, 1);

        var conn = get("/api/audits/conn/export.csv?remote=%25987%25", read);
        var all = get("/api/audits/conn/export.csv", read);

        assertThat(conn.status()).isEqualTo(200);
        assertThat(conn.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(conn.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"connection-audits.csv\"");
        String[] lines = conn.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("guid,device_id,conn_id,session_id,conn_type,peer_id,peer_name,ip,"
                + "primary_auth,two_factor,note,created_at,end_time");
        assertThat(lines).hasSize(2);
        String created = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(first));
        assertThat(lines[1]).contains(",123456789,1,42,0,987654321,Alice,192.168.1.5,3,,," + created + ",");
        // the not-logged-in record: no conn_type, no peer, no end
        assertThat(all.body().split("\r\n")).hasSize(3);
        assertThat(all.body().split("\r\n")[1]).contains(",123456789,2,0,,,,192.168.1.5,,,,");

        var files = get("/api/audits/file/export.csv", read);
        var alarms = get("/api/audits/alarm/export.csv?device=nobody", read);
        var console = get("/api/audits/console/export.csv?operator=cli", read);
        assertThat(files.body().split("\r\n")[0])
                .isEqualTo("guid,device_id,peer_id,conn_id,type,path,is_file,info,created_at");
        assertThat(files.body().split("\r\n")[1]).contains(",/home/bob,true,\"{\"\"ip\"\":\"\"10.0.0.9\"\",");
        assertThat(files.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"file-audits.csv\"");
        assertThat(alarms.body()).isEqualTo("guid,device_id,typ,conn_id,info,conn_audit_ref,created_at\r\n");
        assertThat(console.body().split("\r\n")[0])
                .isEqualTo("guid,operator,channel,ip,action,typ,iop,target,details,created_at");
        assertThat(console.body().split("\r\n")[1]).contains(",cli,cli,,api-token.create,,,");
    }

    @Test
    void an_export_walks_every_row_across_batches() {
        server.app().database().useTransaction(h -> {
            var batch = h.prepareBatch("""
                    INSERT INTO console_audits (guid, operator, channel, action, created_at)
                    VALUES (:guid, 'bulk', 'cli', 'setting.change', :at)""");
            // half of them share one millisecond, so the walk must order by id within it
            for (int i = 0; i < AuditRows.EXPORT_BATCH * 2 + 10; i++) {
                batch.bind("guid", Ids.newGuid()).bind("at", i % 2 == 0 ? 1_000_000L : 1_000_000L + i).add();
            }
            batch.execute();
        });

        var export = get("/api/audits/console/export.csv?operator=bulk", read);

        String[] lines = export.body().split("\r\n");
        assertThat(lines).hasSize(AuditRows.EXPORT_BATCH * 2 + 11);
        assertThat(List.of(lines).subList(1, lines.length).stream().map(line -> line.substring(0, 36)))
                .doesNotHaveDuplicates();
    }

    @Test
    void every_list_and_export_needs_the_audit_log_read_permission() {
        List<String> paths = List.of("/api/audits/conn", "/api/audits/file", "/api/audits/alarm",
                "/api/audits/console", "/api/audits/conn/export.csv", "/api/audits/file/export.csv",
                "/api/audits/alarm/export.csv", "/api/audits/console/export.csv");
        String none = server.apiToken(Map.of(Resource.DEVICE, Level.READ_WRITE, Resource.USER, Level.READ_WRITE));
        String readWrite = server.apiToken(Resource.AUDIT_LOG, Level.READ_WRITE);

        for (String path : paths) {
            var denied = get(path + "?pageSize=10&current=1", none);
            assertThat(denied.status()).as(path).isEqualTo(403);
            assertThat(denied.body()).isEqualTo("{\"error\":\"This token lacks the Audit Log read permission\"}");
            assertThat(get(path + "?pageSize=10&current=1", read).status()).as(path).isEqualTo(200);
            assertThat(get(path + "?pageSize=10&current=1", readWrite).status()).as(path).isEqualTo(200);
            var anonymous = http.get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).isEqualTo("{\"error\":\"Invalid token\"}");
            assertThat(get(path, "not-a-token").status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void signed_in_administrators_may_read_the_logs_and_other_users_may_not() {
        server.app().database().useTransaction(h -> {
            long groupId = h.createQuery("SELECT group_id FROM users WHERE name = 'admin'").mapTo(Long.class).one();
            new UserStore().insert(h, new UserStore.NewUser("user1", null, "", false, groupId, null, false),
                    Ids.newGuid(), 1);
        });
        var cli = new Caller.CommandLine();
        server.app().users().resetPassword(cli, "user1", "password-1");
        server.app().users().resetPassword(cli, "admin", "password-0");
        String admin = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"password-0\"}")
                .json().get("access_token").asText();
        String user = http.postJson("/api/login", "{\"username\":\"user1\",\"password\":\"password-1\"}")
                .json().get("access_token").asText();

        var denied = get("/api/audits/console?pageSize=10&current=1", user);

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"error\":\"Only administrators may do this\"}");
        assertThat(get("/api/audits/conn/export.csv", user).status()).isEqualTo(403);
        assertThat(values(list("/api/audits/console?pageSize=10&current=1&operator=cli"), "action"))
                .contains("user.password-reset");
        assertThat(get("/api/audits/console?pageSize=10&current=1", admin).status()).isEqualTo(200);
    }
}
