package org.rdhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConnectionAuditFilter;
import org.rdhub.auth.Totp;
import org.rdhub.common.PageRequest;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/**
 * One RustDesk client's life against rdhub, call by call as the client makes them: sign-in with a password, with
 * an emailed code and with TOTP; registration and heartbeats; a strategy change arriving within one heartbeat;
 * {@code rustdesk --assign}; the accessible-devices tab; connection audits that can be read back.
 */
class SimulatedClientTest extends OnEachDatabase {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String ID = "123456789";
    private static final String UUID = Base64.getEncoder().encodeToString("machine-id-of-desk-1".getBytes());
    private final Caller cli = new Caller.CommandLine();

    private String heartbeat(long modifiedAt) {
        return http.postJson("/api/heartbeat", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID
                + "\",\"ver\":1004090,\"modified_at\":" + modifiedAt + "}").body();
    }

    private Http.Response signIn(String name, String password) {
        return http.postJson("/api/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"id\":\""
                + ID + "\",\"uuid\":\"" + UUID + "\",\"autoLogin\":true,\"type\":\"account\",\"deviceInfo\":"
                + "{\"os\":\"linux\",\"type\":\"client\",\"name\":\"desk-1\"}}");
    }

    private String codeStep(String name, String secret, String code) {
        var reply = http.postJson("/api/login", "{\"username\":\"" + name + "\",\"type\":\"email_code\","
                + "\"verificationCode\":\"" + code + "\",\"secret\":\"" + secret + "\",\"id\":\"" + ID + "\",\"uuid\":\""
                + UUID + "\",\"autoLogin\":true,\"deviceInfo\":{}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    private long userId(String name) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = :n")
                .bind("n", name).mapTo(Long.class).one());
    }

    @Test
    void a_client_signs_in_registers_gets_its_strategy_is_assigned_lists_and_audits() {
        // the organisation: alice (password), bob (email code), carol (TOTP), all in Default
        server.app().database().useTransaction(h -> h.execute("INSERT INTO users (guid, name, email, group_id,"
                + " created_at, updated_at) SELECT ?, ?, ?, id, 1, 1 FROM user_groups WHERE name = 'Default'",
                "u-alice", "alice", "alice@example.com"));
        server.app().database().useTransaction(h -> h.execute("INSERT INTO users (guid, name, email, group_id,"
                + " email_verification, created_at, updated_at) SELECT 'u-bob', 'bob', 'bob@example.com', id, TRUE, 2, 2"
                + " FROM user_groups WHERE name = 'Default'"));
        server.app().database().useTransaction(h -> h.execute("INSERT INTO users (guid, name, group_id, created_at,"
                + " updated_at) SELECT 'u-carol', 'carol', id, 3, 3 FROM user_groups WHERE name = 'Default'"));
        for (String name : new String[] {"alice", "bob", "carol"}) {
            server.app().users().resetPassword(cli, name, name + "-password");
        }
        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
        var carol = new Caller.User(userId("carol"), "carol", false, "");
        var pending = server.app().totpEnrollment().begin(carol);
        long step = server.clock().millis() / 1000 / Totp.STEP_SECONDS;
        server.app().totpEnrollment().confirm(carol, Totp.code(Base32.decode(pending.secret()), step - 1));

        // the service registers the device and heartbeats; the Default strategy (no options yet) comes along
        String sysinfo = "{\"cpu\":\"Intel, 3.13GHz, 12/6 cores\",\"memory\":\"15.86GB\",\"os\":\"ubuntu / Linux 22.04"
                + " Ubuntu\",\"hostname\":\"desk-1\",\"username\":\"alice\",\"version\":\"1.4.9\",\"id\":\"" + ID
                + "\",\"uuid\":\"" + UUID + "\"}";
        assertThat(http.postJson("/api/sysinfo", sysinfo).body()).isEqualTo("SYSINFO_UPDATED");
        var synced = http.postJson("/api/heartbeat", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID
                + "\",\"ver\":1004090,\"modified_at\":0}").json();
        long modifiedAt = synced.get("modified_at").asLong();
        assertThat(heartbeat(modifiedAt)).isEqualTo("{\"modified_at\":" + modifiedAt + "}");

        // an administrator changes the strategy: the next heartbeat carries it
        String defaultGuid = server.app().database().withHandle(h -> h.createQuery(
                "SELECT guid FROM strategies WHERE name = 'Default'").mapTo(String.class).one());
        server.clock().advance(Duration.ofSeconds(1));
        server.app().strategies().setOptions(cli, defaultGuid, Map.of("enable-keyboard", "N"));
        var pushed = http.postJson("/api/heartbeat", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID
                + "\",\"ver\":1004090,\"modified_at\":" + modifiedAt + "}").json();
        assertThat(pushed.get("strategy").get("config_options").toString()).isEqualTo("{\"enable-keyboard\":\"N\"}");
        assertThat(pushed.get("modified_at").asLong()).isGreaterThan(modifiedAt);

        // rustdesk --assign --token … --user_name alice
        String token = server.apiToken(Resource.DEVICE, Level.READ_WRITE);
        var assigned = http.postJson("/api/devices/cli", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID
                + "\",\"user_name\":\"alice\",\"note\":\"front desk\"}", bearer(token));
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.body()).isEmpty();

        // alice signs in with her password and sees her device in the accessible tab
        String alice = http.postJson("/api/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}")
                .json().get("access_token").asText();
        var peers = http.get("/api/peers?current=1&pageSize=100&accessible=&status=1", bearer(alice)).json();
        assertThat(peers.get("total").asInt()).isEqualTo(1);
        assertThat(peers.get("data").get(0).get("id").asText()).isEqualTo(ID);
        assertThat(peers.get("data").get(0).get("user_name").asText()).isEqualTo("alice");
        assertThat(peers.get("data").get(0).get("note").asText()).isEqualTo("front desk");

        // bob signs in with a code from his mail
        var bobFirst = signIn("bob", "bob-password").json();
        assertThat(bobFirst.get("tfa_type").asText()).isEqualTo("email_check");
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        Matcher code = Pattern.compile("code is (\\d{6})").matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[0]));
        assertThat(code.find()).isTrue();
        String bob = codeStep("bob", bobFirst.get("secret").asText(), code.group(1));

        // carol signs in with her authenticator app
        var carolFirst = signIn("carol", "carol-password").json();
        assertThat(carolFirst.get("tfa_type").asText()).isEqualTo("tfa_check");
        codeStep("carol", carolFirst.get("secret").asText(), Totp.code(Base32.decode(pending.secret()), step));

        // bob connects to alice's device: the device posts its audit stages, bob's client attaches a note
        String sessionId = "18446744073709551615";
        assertThat(http.postJson("/api/audit/conn", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID + "\",\"conn_id\":7,"
                + "\"session_id\":0,\"action\":\"new\",\"ip\":\"192.168.1.5\"}").status()).isEqualTo(200);
        assertThat(http.postJson("/api/audit/conn", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID + "\",\"conn_id\":7,"
                + "\"session_id\":" + sessionId + ",\"peer\":[\"987654321\",\"Bob\"],\"type\":0,\"primary_auth\":3}")
                .body()).isEmpty();
        var active = http.get("/api/audit/conn/active?id=" + ID + "&session_id=" + sessionId + "&conn_type=0",
                bearer(bob));
        String guid = active.json().asText();
        assertThat(guid).isNotEmpty();
        assertThat(http.send("PUT", "/api/audit", "{\"guid\":\"" + guid + "\",\"note\":\"printer fixed\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + bob).status()).isEqualTo(200);
        assertThat(http.postJson("/api/audit/conn", "{\"id\":\"" + ID + "\",\"uuid\":\"" + UUID + "\",\"conn_id\":7,"
                + "\"session_id\":" + sessionId + ",\"action\":\"close\"}").status()).isEqualTo(200);

        var records = server.app().deviceAudits().listConnections(cli, ConnectionAuditFilter.ALL,
                new PageRequest(1, 30));
        assertThat(records.total()).isEqualTo(1);
        var record = records.data().get(0);
        assertThat(record.sessionId()).isEqualTo(sessionId);
        assertThat(record.peerName()).isEqualTo("Bob");
        assertThat(record.note()).isEqualTo("printer fixed");
    }
}
