package org.rdhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.common.Ids;
import org.rdhub.common.PageRequest;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** The audit calls of RustDesk clients, replayed with the bodies the client's connection.rs and model.dart send. */
class DeviceAuditApiTest extends OnEachDatabase {
    static final String DEVICE = "123456789";
    static final String UUID = "dXVpZA==";
    static final String COMMON = "\"id\":\"" + DEVICE + "\",\"uuid\":\"" + UUID + "\",\"conn_id\":3";
    // the info objects as the client encodes them: JSON text inside a JSON string
    static final String FILE_INFO = "{\\\"ip\\\":\\\"192.168.1.5\\\",\\\"name\\\":\\\"Alice\\\",\\\"num\\\":2,"
            + "\\\"files\\\":[[\\\"a.txt\\\",120],[\\\"b.bin\\\",20]]}";
    static final String ALARM_INFO = "{\\\"ip\\\":\\\"10.0.0.9\\\"}";

    @BeforeEach
    void registerDevice() {
        addDevice(DEVICE, UUID);
    }

    private void addDevice(String rustdeskId, String uuid) {
        server.app().database().useTransaction(h -> h.createUpdate("""
                INSERT INTO devices (guid, rustdesk_id, uuid, created_at) VALUES (:guid, :id, :uuid, :now)""")
                .bind("guid", Ids.newGuid()).bind("id", rustdeskId).bind("uuid", uuid)
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    private Http.Response post(String path, String json) {
        return http.postJson(path, json);
    }

    private void assertStored(Http.Response reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    private static String opened(String nonce) {
        return "{" + COMMON + ",\"session_id\":0,\"action\":\"new\",\"ip\":\"192.168.1.5\",\"nonce\":\"" + nonce + "\"}";
    }

    private static String authorized(String sessionId, String nonce) {
        return "{\"peer\":[\"987654321\",\"Alice\"],\"type\":0,\"primary_auth\":3," + COMMON
                + ",\"session_id\":" + sessionId + ",\"nonce\":\"" + nonce + "\"}";
    }

    private static String closed(String sessionId, String nonce) {
        return "{\"action\":\"close\"," + COMMON + ",\"session_id\":" + sessionId + ",\"nonce\":\"" + nonce + "\"}";
    }

    private List<ConnectionAudit> connections() {
        return server.app().deviceAudits()
                .listConnections(new Caller.CommandLine(), ConnectionAuditFilter.ALL, new PageRequest(1, 100)).data();
    }

    private List<FileAudit> files() {
        return server.app().deviceAudits()
                .listFiles(new Caller.CommandLine(), FileAuditFilter.ALL, new PageRequest(1, 100)).data();
    }

    private List<AlarmAudit> alarms() {
        return server.app().deviceAudits()
                .listAlarms(new Caller.CommandLine(), AlarmAuditFilter.ALL, new PageRequest(1, 100)).data();
    }

    private String userToken() {
        return http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}").json()
                .get("access_token").asText();
    }

    private static String nonce() {
        return java.util.UUID.randomUUID().toString();
    }

    @Test
    void a_connection_is_opened_authorized_and_closed() {
        assertStored(post("/api/audit/conn", opened(nonce())));
        ConnectionAudit open = connections().getFirst();
        assertThat(open.deviceId()).isEqualTo(DEVICE);
        assertThat(open.connId()).isEqualTo(3);
        assertThat(open.sessionId()).isEqualTo("0");
        assertThat(open.ip()).isEqualTo("192.168.1.5");
        assertThat(open.connType()).isNull();
        assertThat(open.authorizedAt()).isNull();
        assertThat(open.endTime()).isNull();

        assertStored(post("/api/audit/conn", authorized("18446744073709551615", nonce())));
        ConnectionAudit authorized = connections().getFirst();
        assertThat(connections()).hasSize(1);
        assertThat(authorized.guid()).isEqualTo(open.guid());
        assertThat(authorized.sessionId()).isEqualTo("18446744073709551615");
        assertThat(authorized.peerId()).isEqualTo("987654321");
        assertThat(authorized.peerName()).isEqualTo("Alice");
        assertThat(authorized.connType()).isZero();
        assertThat(authorized.primaryAuth()).isEqualTo(3);
        assertThat(authorized.twoFactor()).isNull();
        assertThat(authorized.authorizedAt()).isNotNull();
        assertThat(authorized.ip()).isEqualTo("192.168.1.5");

        server.clock().advance(Duration.ofMinutes(10));
        assertStored(post("/api/audit/conn", closed("18446744073709551615", nonce())));
        ConnectionAudit ended = connections().getFirst();
        assertThat(ended.endTime()).isEqualTo(server.clock().millis());
        assertThat(connections()).hasSize(1);
    }

    @Test
    void the_conn_audit_ref_from_hbbs_is_kept() {
        assertStored(post("/api/audit/conn", "{" + COMMON + ",\"session_id\":0,\"action\":\"new\",\"ip\":\"::1\","
                + "\"conn_audit_ref\":\"ref-1\"}"));
        assertThat(connections().getFirst().connAuditRef()).isEqualTo("ref-1");
    }

    @Test
    void an_authorization_without_an_open_record_still_gets_one() {
        assertStored(post("/api/audit/conn", authorized("9223372036854775808", nonce())));
        ConnectionAudit record = connections().getFirst();
        assertThat(record.sessionId()).isEqualTo("9223372036854775808");
        assertThat(record.peerId()).isEqualTo("987654321");
        assertThat(record.endTime()).isNull();
    }

    @Test
    void a_very_long_controller_name_is_cut_rather_than_refused() {
        String name = "\uD83D\uDE00".repeat(300);
        assertStored(post("/api/audit/conn", authorized("1", nonce()).replace("Alice", name)));
        assertThat(connections().getFirst().peerName()).isEqualTo("\uD83D\uDE00".repeat(255));

        var longId = post("/api/audit/conn", authorized("1", nonce()).replace("987654321", "9".repeat(256)));
        assertThat(longId.status()).isEqualTo(400);
        var longIp = post("/api/audit/conn", opened(nonce()).replace("192.168.1.5", "1".repeat(65)));
        assertThat(longIp.status()).isEqualTo(400);
        assertThat(connections()).hasSize(1);
    }

    @Test
    void a_retried_post_with_the_same_nonce_is_acknowledged_and_not_stored_again() {
        String nonce = nonce();
        assertStored(post("/api/audit/conn", opened(nonce)));
        assertStored(post("/api/audit/conn", opened(nonce)));
        assertThat(connections()).hasSize(1);

        String fileNonce = nonce();
        String file = fileBody(fileNonce);
        assertStored(post("/api/audit/file", file));
        assertStored(post("/api/audit/file", file));
        assertThat(files()).hasSize(1);

        // a nonce is remembered for five minutes, then a post with it is a new record
        server.clock().advance(Duration.ofMinutes(5));
        assertStored(post("/api/audit/conn", opened(nonce)));
        assertThat(connections()).hasSize(2);
    }

    @Test
    void a_refused_post_does_not_use_up_its_nonce() {
        String nonce = nonce();
        String unknown = opened(nonce).replace(UUID, "b3RoZXI=");
        assertThat(post("/api/audit/conn", unknown).status()).isEqualTo(404);
        assertStored(post("/api/audit/conn", opened(nonce)));
        assertThat(connections()).hasSize(1);
    }

    @Test
    void the_controllers_note_lands_on_the_session_of_the_device() {
        post("/api/audit/conn", opened(nonce()));
        post("/api/audit/conn", authorized("18446744073709551615", nonce()));

        assertStored(post("/api/audit/conn",
                "{\"id\":\"" + DEVICE + "\",\"session_id\":18446744073709551615,\"note\":\"fixed the printer\"}"));
        assertThat(connections().getFirst().note()).isEqualTo("fixed the printer");

        var otherSession = post("/api/audit/conn",
                "{\"id\":\"" + DEVICE + "\",\"session_id\":42,\"note\":\"x\"}");
        assertThat(otherSession.status()).isEqualTo(404);
        assertThat(otherSession.json().get("error").asText()).isNotEmpty();
    }

    @Test
    void conn_active_answers_the_guid_of_the_open_record_as_a_json_string() {
        String token = userToken();
        String query = "/api/audit/conn/active?id=" + DEVICE + "&session_id=18446744073709551615&conn_type=0";

        var none = http.get(query, "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("\"\"");

        post("/api/audit/conn", opened(nonce()));
        post("/api/audit/conn", authorized("18446744073709551615", nonce()));
        ConnectionAudit record = connections().getFirst();

        var found = http.get(query, bearer(token));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("\"" + record.guid() + "\"");
        assertThat(found.contentType()).startsWith("application/json");
        // the signed-in user who asked controls that session
        assertThat(connections().getFirst().controllerUserId()).isNotNull();

        assertThat(http.get(query.replace("conn_type=0", "conn_type=1"), bearer(token)).body()).isEqualTo("\"\"");
        assertThat(http.get("/api/audit/conn/active?id=" + DEVICE + "&session_id=18446744073709551615",
                bearer(token)).body()).isEqualTo("\"" + record.guid() + "\"");

        post("/api/audit/conn", closed("18446744073709551615", nonce()));
        assertThat(http.get(query, bearer(token)).body()).isEqualTo("\"\"");
    }

    @Test
    void conn_active_and_the_note_need_a_signed_in_user() {
        var anonymous = http.get("/api/audit/conn/active?id=" + DEVICE + "&session_id=1&conn_type=0");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asText()).isEqualTo("Invalid token");

        var note = http.send("PUT", "/api/audit", "{\"guid\":\"x\",\"note\":\"y\"}", "Content-Type", "application/json");
        assertThat(note.status()).isEqualTo(401);
    }

    @Test
    void conn_active_refuses_a_bad_session_id_or_type() {
        String token = userToken();
        for (String query : List.of("session_id=-1&conn_type=0", "session_id=18446744073709551616&conn_type=0",
                "session_id=abc", "session_id=1&conn_type=5", "session_id=1&conn_type=x", "conn_type=0")) {
            var reply = http.get("/api/audit/conn/active?id=" + DEVICE + "&" + query, bearer(token));
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as(query).isNotEmpty();
        }
    }

    @Test
    void the_end_of_session_note_is_put_by_guid() {
        String token = userToken();
        post("/api/audit/conn", opened(nonce()));
        String guid = connections().getFirst().guid();

        var reply = http.send("PUT", "/api/audit", "{\"guid\":\"" + guid + "\",\"note\":\"done\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertStored(reply);
        assertThat(connections().getFirst().note()).isEqualTo("done");

        var unknown = http.send("PUT", "/api/audit", "{\"guid\":\"" + Ids.newGuid() + "\",\"note\":\"x\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isNotEmpty();

        var tooLong = http.send("PUT", "/api/audit", "{\"guid\":\"" + guid + "\",\"note\":\"" + "n".repeat(257) + "\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(connections().getFirst().note()).isEqualTo("done");
    }

    @Test
    void a_device_that_has_not_registered_writes_nothing() {
        for (String body : List.of(opened(nonce()).replace(DEVICE, "555555555"), opened(nonce()).replace(UUID, "b3RoZXI="),
                authorized("1", nonce()).replace(UUID, "b3RoZXI="))) {
            var reply = post("/api/audit/conn", body);
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.json().get("error").asText()).isEqualTo("Unknown device");
        }
        assertThat(post("/api/audit/file", fileBody(nonce()).replace(UUID, "b3RoZXI=")).status()).isEqualTo(404);
        assertThat(post("/api/audit/alarm", alarmBody().replace(UUID, "b3RoZXI=")).status()).isEqualTo(404);
        assertThat(connections()).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(alarms()).isEmpty();
    }

    @Test
    void bad_input_is_refused_with_400_and_writes_nothing() {
        List<String> bodies = List.of(
                "[]",
                "{not json",
                opened("n").replace("\"conn_id\":3", "\"conn_id\":\"3\""),
                opened("n").replace("\"conn_id\":3", "\"conn_id\":3.5"),
                opened("n").replace("\"conn_id\":3", "\"conn_id\":4294967296"),
                opened("n").replace(",\"ip\":\"192.168.1.5\"", ""),
                opened("n").replace("\"session_id\":0", "\"session_id\":-1"),
                opened("n").replace("\"session_id\":0", "\"session_id\":18446744073709551616"),
                opened("n").replace("\"session_id\":0", "\"session_id\":\"0\""),
                opened("n").replace("\"session_id\":0", "\"session_id\":1.0"),
                opened("n").replace("\"action\":\"new\"", "\"action\":\"reopen\""),
                opened("n").replace("\"id\":\"" + DEVICE + "\"", "\"id\":123456789"),
                authorized("1", "n").replace("[\"987654321\",\"Alice\"]", "[\"987654321\"]"),
                authorized("1", "n").replace("[\"987654321\",\"Alice\"]", "\"987654321\""),
                authorized("1", "n").replace("\"type\":0", "\"type\":7"),
                authorized("1", "n").replace("\"primary_auth\":3", "\"primary_auth\":\"3\""),
                "{\"id\":\"" + DEVICE + "\",\"session_id\":1,\"note\":\"" + "n".repeat(257) + "\"}",
                "{\"id\":\"" + DEVICE + "\",\"session_id\":1,\"note\":5}");
        for (String body : bodies) {
            var reply = post("/api/audit/conn", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as(body).isNotEmpty();
        }
        for (String body : List.of(
                fileBody("n").replace("\"type\":0", "\"type\":2"),
                fileBody("n").replace("\"is_file\":true", "\"is_file\":1"),
                fileBody("n").replace(FILE_INFO, "not json"),
                fileBody("n").replace(FILE_INFO, "[1]"),
                fileBody("n").replace("\"" + FILE_INFO + "\"", "{}"))) {
            assertThat(post("/api/audit/file", body).status()).as(body).isEqualTo(400);
        }
        for (String body : List.of(alarmBody().replace("\"typ\":0", "\"typ\":\"0\""),
                alarmBody().replace("\"typ\":0", "\"type\":0"),
                alarmBody().replace(ALARM_INFO, "{} {}"),
                alarmBody().replace("\"" + ALARM_INFO + "\"", "{\"ip\":\"10.0.0.9\"}"))) {
            assertThat(post("/api/audit/alarm", body).status()).as(body).isEqualTo(400);
        }
        assertThat(connections()).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(alarms()).isEmpty();
    }

    private static String fileBody(String nonce) {
        return "{\"id\":\"" + DEVICE + "\",\"uuid\":\"" + UUID + "\",\"peer_id\":\"987654321\",\"conn_id\":3,"
                + "\"type\":0,\"path\":\"C:\\\\Users\\\\bob\",\"is_file\":true,\"info\":\"" + FILE_INFO + "\",\"nonce\":\""
                + nonce + "\"}";
    }

    private static String alarmBody() {
        return "{\"id\":\"" + DEVICE + "\",\"uuid\":\"" + UUID + "\",\"typ\":0,\"info\":\"" + ALARM_INFO + "\","
                + "\"conn_id\":0,\"nonce\":\"" + nonce() + "\"}";
    }

    @Test
    void a_file_transfer_is_stored_with_its_info_as_sent() {
        assertStored(post("/api/audit/file", fileBody(nonce())));
        FileAudit file = files().getFirst();
        assertThat(file.deviceId()).isEqualTo(DEVICE);
        assertThat(file.peerId()).isEqualTo("987654321");
        assertThat(file.connId()).isEqualTo(3);
        assertThat(file.direction()).isEqualTo(FileAudit.DEVICE_TO_CONTROLLER);
        assertThat(file.path()).isEqualTo("C:\\Users\\bob");
        assertThat(file.isFile()).isTrue();
        assertThat(file.info()).isEqualTo(
                "{\"ip\":\"192.168.1.5\",\"name\":\"Alice\",\"num\":2,\"files\":[[\"a.txt\",120],[\"b.bin\",20]]}");
    }

    @Test
    void a_file_transfer_from_a_client_before_1_4_9_has_no_conn_id_or_nonce() {
        String old = fileBody("x").replace("\"conn_id\":3,", "").replace(",\"nonce\":\"x\"", "");
        assertThat(old).doesNotContain("conn_id").doesNotContain("nonce");
        assertStored(post("/api/audit/file", old));
        assertStored(post("/api/audit/file", old));
        assertThat(files()).hasSize(2).allSatisfy(file -> assertThat(file.connId()).isZero());
    }

    @Test
    void an_alarm_is_stored_and_old_clients_without_conn_id_or_nonce_are_accepted() {
        assertStored(post("/api/audit/alarm", alarmBody()));
        assertStored(post("/api/audit/alarm", "{\"id\":\"" + DEVICE + "\",\"uuid\":\"" + UUID + "\",\"typ\":10,"
                + "\"info\":\"{\\\"id\\\":\\\"1\\\",\\\"ip\\\":\\\"10.0.0.9\\\",\\\"name\\\":\\\"x\\\"}\","
                + "\"conn_id\":7,\"conn_audit_ref\":\"ref-9\"}"));
        assertStored(post("/api/audit/alarm", "{\"id\":\"" + DEVICE + "\",\"uuid\":\"" + UUID + "\",\"typ\":1,"
                + "\"info\":\"{}\"}"));
        List<AlarmAudit> alarms = alarms();
        assertThat(alarms).extracting(AlarmAudit::typ).containsExactlyInAnyOrder(0, 10, 1);
        AlarmAudit whitelist = alarms.stream().filter(a -> a.typ() == 10).findFirst().orElseThrow();
        assertThat(whitelist.connId()).isEqualTo(7);
        assertThat(whitelist.connAuditRef()).isEqualTo("ref-9");
        assertThat(whitelist.info()).isEqualTo("{\"id\":\"1\",\"ip\":\"10.0.0.9\",\"name\":\"x\"}");
    }

    @Test
    void posts_with_an_empty_body_are_refused_without_a_server_error() {
        var reply = http.send("POST", "/api/audit/conn", null, "Content-Type", "application/json");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isNotEmpty();
    }
}
