package org.rdhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.Main;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.protocol.ServerKey;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** {@code rdhub import-hbbs} on a database written the way hbbs writes it, beside a running rdhub. */
class ImportHbbsTest extends OnEachDatabase {
    private static final byte[] UUID_1 = "uuid-of-device-1".getBytes(StandardCharsets.US_ASCII);
    private static final String UUID_1_BASE64 = Base64.getEncoder().encodeToString(UUID_1);

    private Path hbbs;
    private Path dataDir;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void makeHbbsFolder() throws IOException {
        hbbs = Files.createTempDirectory("hbbs");
        dataDir = server.config().dataDir();
    }

    private Run rdhub(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(server.storageFlags()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private Run importHbbs(String... extra) {
        List<String> args = new ArrayList<>(List.of("import-hbbs", hbbs.toString()));
        args.addAll(List.of(extra));
        return rdhub(args.toArray(String[]::new));
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String text(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    /** hbbs's {@code peer} table (database.rs), with hbbs's own columns and types. */
    private Connection hbbsDatabase() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + hbbs.resolve("db_v2.sqlite3"));
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    create table if not exists peer (
                        guid blob primary key not null,
                        id varchar(100) not null,
                        uuid blob not null,
                        pk blob not null,
                        created_at datetime not null default(current_timestamp),
                        user blob,
                        status tinyint,
                        note varchar(300),
                        info text not null
                    ) without rowid""");
            s.executeUpdate("create unique index if not exists index_peer_id on peer (id)");
        }
        return c;
    }

    private static void peer(Connection c, String id, byte[] uuid, int pkBytes, String createdAt, String note,
            String info) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "insert into peer(guid, id, uuid, pk, created_at, note, info) values(?, ?, ?, ?, ?, ?, ?)")) {
            byte[] guid = new byte[16];
            guid[0] = (byte) id.hashCode();
            guid[1] = (byte) (id.hashCode() >> 8);
            guid[2] = (byte) id.length();
            insert.setBytes(1, guid);
            insert.setString(2, id);
            insert.setBytes(3, uuid);
            byte[] pk = new byte[pkBytes];
            Arrays.fill(pk, (byte) 7);
            insert.setBytes(4, pk);
            insert.setString(5, createdAt);
            insert.setString(6, note);
            insert.setString(7, info);
            insert.executeUpdate();
        }
    }

    /** The rows of the brief: IPv4, IPv4 on a dual-stack socket, IPv6, a note, a device rdhub has, a bad key. */
    private void writeHbbsDevices() throws SQLException {
        try (Connection c = hbbsDatabase()) {
            peer(c, "111111111", UUID_1, 32, "2024-03-01 10:20:30", null, "{\"ip\":\"203.0.113.5\"}");
            peer(c, "222222222", "uuid-2".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-02 00:00:01", null,
                    "{\"ip\":\"::ffff:192.168.1.20\"}");
            peer(c, "333333333", "uuid-3".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-03 23:59:59", null,
                    "{\"ip\":\"2001:db8::42\"}");
            peer(c, "444444444", "uuid-4".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-04 08:00:00",
                    "reception desk", "{\"ip\":\"198.51.100.9\"}");
            peer(c, "555555555", "hbbs-uuid".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-05 08:00:00",
                    "from hbbs", "{\"ip\":\"198.51.100.10\"}");
            peer(c, "666666666", "uuid-6".getBytes(StandardCharsets.US_ASCII), 16, "2024-03-06 08:00:00", null,
                    "{\"ip\":\"198.51.100.11\"}");
            peer(c, "777777777", "uuid-7".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-07 08:00:00", null,
                    "not json");
            peer(c, " ", "uuid-8".getBytes(StandardCharsets.US_ASCII), 32, "2024-03-08 08:00:00", null, "{}");
        }
    }

    private Map<String, JsonNode> listedDevices() {
        String token = server.apiToken(Resource.DEVICE, Level.READ);
        JsonNode page = http.get("/api/devices?pageSize=100", bearer(token)).json();
        Map<String, JsonNode> byId = new HashMap<>();
        page.get("data").forEach(device -> byId.put(device.get("id").asText(), device));
        assertThat(page.get("total").asInt()).isEqualTo(byId.size());
        return byId;
    }

    @Test
    void imports_every_readable_peer_with_its_fields_and_leaves_known_devices_alone() throws SQLException {
        var existing = new RustDeskClient(http, "555555555", "cmRodWItdXVpZA==");
        assertThat(existing.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        writeHbbsDevices();

        Run run = importHbbs();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported 4\n", "skipped 1 (already present): 555555555\n", "rejected 3\n",
                "  666666666: public key of 16 bytes, expected 32\n", "  777777777: unreadable info 'not json'\n",
                "  (no id): empty ID\n");
        Map<String, JsonNode> devices = listedDevices();
        assertThat(devices).containsOnlyKeys("111111111", "222222222", "333333333", "444444444", "555555555");
        assertThat(devices.get("111111111").get("ip").asText()).isEqualTo("203.0.113.5");
        assertThat(devices.get("111111111").get("created_at").asText()).isEqualTo("2024-03-01T10:20:30");
        assertThat(devices.get("111111111").get("note").asText()).isEmpty();
        assertThat(devices.get("111111111").get("user_name").asText()).isEmpty();
        assertThat(devices.get("111111111").get("device_group_name").asText()).isEmpty();
        assertThat(devices.get("111111111").get("status").asInt()).isEqualTo(1);
        assertThat(devices.get("111111111").get("is_online").asBoolean()).isFalse();
        assertThat(devices.get("222222222").get("ip").asText()).isEqualTo("192.168.1.20");
        assertThat(devices.get("333333333").get("ip").asText()).isEqualTo("2001:db8::42");
        assertThat(devices.get("333333333").get("created_at").asText()).isEqualTo("2024-03-03T23:59:59");
        assertThat(devices.get("444444444").get("note").asText()).isEqualTo("reception desk");
        assertThat(devices.get("555555555").get("note").asText()).as("not overwritten").isEmpty();
        assertThat(devices.get("555555555").get("device_name").asText()).isEqualTo("desk-1");
        assertThat(text("SELECT uuid FROM devices WHERE rustdesk_id = '555555555'")).isEqualTo("cmRodWItdXVpZA==");
        assertThat(text("SELECT uuid FROM devices WHERE rustdesk_id = '111111111'")).isEqualTo(UUID_1_BASE64);
        assertThat(text("SELECT public_key FROM devices WHERE rustdesk_id = '111111111'"))
                .isEqualTo(Base64.getEncoder().encodeToString(filled(32)));
        Map<String, Object> audit = server.app().database().withHandle(h -> h.createQuery(
                "SELECT operator, action, details FROM console_audits WHERE action = 'device.import'").mapToMap().one());
        assertThat(audit).containsEntry("operator", "cli");
        assertThat(audit.get("details").toString()).endsWith(
                ": imported 4, skipped 1 (already present), rejected 3");
    }

    @Test
    void an_imported_device_is_the_same_device_for_its_client() throws SQLException {
        writeHbbsDevices();
        importHbbs();
        long devices = count("SELECT COUNT(*) FROM devices");
        var client = new RustDeskClient(http, "111111111", UUID_1_BASE64);

        assertThat(client.heartbeat(0).body()).as("known, details wanted").startsWith("{\"sysinfo\":true");
        assertThat(server.app().devices().isOnline("111111111")).isTrue();
        assertThat(client.sysinfo().body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(client.heartbeat(0).body()).doesNotContain("sysinfo");
        assertThat(new RustDeskClient(http, "222222222", "b3RoZXI=").sysinfo().body()).isEqualTo("UUID_MISMATCH");
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(devices);
        JsonNode listed = listedDevices().get("111111111");
        assertThat(listed.get("device_name").asText()).isEqualTo("desk-1");
        assertThat(listed.get("created_at").asText()).isEqualTo("2024-03-01T10:20:30");
    }

    @Test
    void a_second_run_imports_nothing() throws SQLException {
        writeHbbsDevices();
        importHbbs();

        Run again = importHbbs();

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("imported 0\n", "skipped 5 (already present)");
        assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'device.import'")).isEqualTo(2);
    }

    @Test
    void unusable_input_exits_2_and_writes_nothing() throws Exception {
        String rdhubKey = Files.readString(dataDir.resolve("id_ed25519"));
        Run missing = rdhub("import-hbbs", hbbs.resolve("nowhere").toString());
        Run emptyFolder = rdhub("import-hbbs", hbbs.toString());
        Path text = Files.writeString(hbbs.resolve("notes.txt"), "hello");
        Run notSqlite = rdhub("import-hbbs", text.toString());
        Path other = hbbs.resolve("other.sqlite3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.executeUpdate("create table things (id integer)");
        }
        Run noPeerTable = rdhub("import-hbbs", other.toString());
        writeHbbsDevices();
        Files.writeString(hbbs.resolve("id_ed25519"), "bm90IGEga2V5");
        Run badKey = importHbbs();

        for (Run run : List.of(missing, emptyFolder, notSqlite, noPeerTable, badKey)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(missing.err()).startsWith("rdhub: No hbbs database at ");
        assertThat(notSqlite.err()).contains("is not an hbbs database (not an SQLite file)");
        assertThat(noPeerTable.err()).contains("is not an hbbs database (it has no peer table)");
        assertThat(badKey.err()).contains("Malformed private key in ");
        assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits")).isZero();
        assertThat(Files.readString(dataDir.resolve("id_ed25519"))).isEqualTo(rdhubKey);
    }

    @Test
    void hbbs_key_is_copied_when_rdhub_has_none_and_then_reported_the_same() throws Exception {
        writeHbbsDevices();
        ServerKey hbbsKey = ServerKey.loadOrCreate(hbbs);
        Files.delete(hbbs.resolve("id_ed25519.pub"));
        Files.delete(dataDir.resolve("id_ed25519"));
        Files.delete(dataDir.resolve("id_ed25519.pub"));

        Run copied = importHbbs();
        Run same = importHbbs();

        assertThat(copied.out()).contains("key: copied to ");
        assertThat(Files.readString(dataDir.resolve("id_ed25519"))).isEqualTo(Files.readString(hbbs.resolve(
                "id_ed25519")));
        assertThat(Files.readString(dataDir.resolve("id_ed25519.pub"))).isEqualTo(hbbsKey.publicKeyBase64());
        assertThat(ServerKey.loadOrCreate(dataDir).publicKeyBase64()).isEqualTo(hbbsKey.publicKeyBase64());
        assertThat(same.out()).contains("key: same");
    }

    @Test
    void a_different_rdhub_key_is_kept_unless_replace_key_is_given() throws Exception {
        writeHbbsDevices();
        ServerKey hbbsKey = ServerKey.loadOrCreate(hbbs);
        String rdhubSecret = Files.readString(dataDir.resolve("id_ed25519"));
        String rdhubPublic = Files.readString(dataDir.resolve("id_ed25519.pub"));

        Run kept = importHbbs();

        assertThat(kept.exitCode()).isZero();
        assertThat(kept.out()).contains("key: differs (not replaced)", "run again with --replace-key");
        assertThat(Files.readString(dataDir.resolve("id_ed25519"))).isEqualTo(rdhubSecret);
        assertThat(Files.readString(dataDir.resolve("id_ed25519.pub"))).isEqualTo(rdhubPublic);

        Run replaced = importHbbs("--replace-key");

        assertThat(replaced.exitCode()).isZero();
        assertThat(replaced.out()).contains("key: replaced", "Restart the server",
                "clients configured with rdhub's old key must be reconfigured");
        assertThat(Files.readString(dataDir.resolve("id_ed25519"))).isEqualTo(Files.readString(hbbs.resolve(
                "id_ed25519")));
        assertThat(Files.readString(dataDir.resolve("id_ed25519.pub"))).isEqualTo(hbbsKey.publicKeyBase64());
        assertThat(ServerKey.loadOrCreate(dataDir).publicKeyBase64()).isEqualTo(hbbsKey.publicKeyBase64());
    }

    @Test
    void the_database_file_can_be_given_directly() throws SQLException {
        writeHbbsDevices();

        Run run = rdhub("import-hbbs", hbbs.resolve("db_v2.sqlite3").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported 5\n", "key: none in ");
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 7);
        return bytes;
    }
}
