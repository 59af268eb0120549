package org.rdhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.Main;

/** The command line works on the storage of a running server, as an administrator's shell would use it. */
class CliTest extends OnEachDatabase {

    record Run(int exitCode, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Run rdhub(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(server.storageFlags()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream originalIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void token_create_prints_a_working_token_as_the_last_line() {
        Run run = rdhub("", "token", "create", "--name", "users-script", "--permission", "user=r");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.lastLine();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(http.get("/api/users", bearer(token)).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '" + token + "'"))
                .as("only the hash is stored").isZero();
    }

    @Test
    void setting_set_changes_a_running_server_within_seconds_and_setting_list_shows_it() {
        assertThat(server.app().settings().get(ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK)).isEqualTo("0");

        Run set = rdhub("", "setting", "set", "max-tags-per-address-book", " 12 ");
        Run secret = rdhub("", "setting", "set", "smtp-password", "hunter22");
        Run list = rdhub("", "setting", "list");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("max-tags-per-address-book is changed.\n");
        assertThat(secret.exitCode()).isZero();
        assertThat(list.out()).contains("max-tags-per-address-book=12\t# Most tags one address book may hold")
                .contains("smtp-password=********\t").doesNotContain("hunter22").contains("smtp-port=587\t");
        server.clock().advance(Duration.ofSeconds(6));
        assertThat(server.app().settings().get(ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK)).isEqualTo("12");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'setting.change'")).isEqualTo(2);
    }

    @Test
    void setting_set_refuses_unknown_keys_and_bad_values_and_changes_nothing() {
        Run unknown = rdhub("", "setting", "set", "max-everything", "1");
        Run notANumber = rdhub("", "setting", "set", "max-peers-per-address-book", "lots");
        Run negative = rdhub("", "setting", "set", "max-peers-per-address-book", "-1");
        Run notAFlag = rdhub("", "setting", "set", "disable-new-devices", "yes");
        Run badSecurity = rdhub("", "setting", "set", "smtp-security", "ssl");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("rdhub: No setting named 'max-everything'\n");
        assertThat(notANumber.err()).isEqualTo(
                "rdhub: max-peers-per-address-book must be a whole number from 0 to 1000000\n");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(notAFlag.err()).isEqualTo("rdhub: disable-new-devices must be one of true, false\n");
        assertThat(badSecurity.err()).isEqualTo("rdhub: smtp-security must be one of none, starttls, tls\n");
        assertThat(count("SELECT COUNT(*) FROM settings")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits")).isZero();
    }

    @Test
    void token_permissions_are_enforced_per_resource() {
        String devicesOnly = rdhub("", "token", "create", "--name", "d", "--permission", "device=rw").lastLine();
        String everything = rdhub("", "token", "create", "--name", "all", "--all", "--expires-days", "30").lastLine();

        assertThat(http.get("/api/users", bearer(devicesOnly)).status()).isEqualTo(403);
        assertThat(http.get("/api/users", bearer(everything)).status()).isEqualTo(200);
        long expiresAt = server.app().database().withHandle(h -> h.createQuery(
                "SELECT expires_at FROM api_tokens WHERE name = 'all'").mapTo(Long.class).one());
        assertThat(expiresAt - System.currentTimeMillis()).isBetween(29L * 86_400_000, 30L * 86_400_000);
    }

    @Test
    void token_create_writes_one_console_audit_record() {
        rdhub("", "token", "create", "--name", "ci", "--permission", "user=rw", "--permission", "device=r");

        Map<String, Object> row = server.app().database().withHandle(h -> h.createQuery(
                "SELECT operator, channel, action, target, details FROM console_audits").mapToMap().one());
        assertThat(row).containsEntry("operator", "cli").containsEntry("channel", "cli")
                .containsEntry("action", "api-token.create").containsEntry("target", "ci");
        assertThat(row.get("details").toString()).contains("user=rw", "device=r").doesNotContain("secret");
    }

    @Test
    void bad_token_requests_fail_with_a_message_and_create_nothing() {
        Run unknownResource = rdhub("", "token", "create", "--name", "x", "--permission", "printer=rw");
        Run badLevel = rdhub("", "token", "create", "--name", "x", "--permission", "user=write");
        Run noPermission = rdhub("", "token", "create", "--name", "x");
        Run badExpiry = rdhub("", "token", "create", "--name", "x", "--all", "--expires-days", "0");
        Run noName = rdhub("", "token", "create", "--all");

        assertThat(unknownResource.exitCode()).isEqualTo(1);
        assertThat(unknownResource.err()).contains("unknown resource 'printer'");
        assertThat(badLevel.err()).contains("the level must be r or rw");
        assertThat(noPermission.err()).contains("A token needs at least one permission");
        assertThat(badExpiry.err()).contains("Expiry must be between 1 and 3650 days");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("Missing required option: '--name=<name>'");
        assertThat(count("SELECT COUNT(*) FROM api_tokens")).isZero();
        assertThat(count("SELECT COUNT(*) FROM console_audits")).isZero();
    }

    @Test
    void reset_password_reads_stdin_changes_the_password_and_signs_the_user_out() {
        String clientToken = http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}")
                .json().get("access_token").asText();

        Run run = rdhub("a-much-better-secret\n", "user", "reset-password", "admin");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("The password of 'admin' is changed.");
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}").status())
                .isEqualTo(401);
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"a-much-better-secret\"}")
                .status()).isEqualTo(200);
        assertThat(http.postJson("/api/currentUser", "{}", bearer(clientToken)).status()).isEqualTo(401);
        assertThat(server.app().users().adminsWithInitialPassword()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.password-reset' AND typ = 1"
                + " AND iop = 11")).isEqualTo(1);
    }

    @Test
    void reset_password_refuses_unknown_users_short_passwords_and_empty_stdin() {
        Run unknown = rdhub("good-password\n", "user", "reset-password", "ghost");
        Run tooShort = rdhub("short\n", "user", "reset-password", "admin");
        Run nothing = rdhub("", "user", "reset-password", "admin");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("rdhub: No user named 'ghost'\n");
        assertThat(tooShort.err()).isEqualTo("rdhub: The password must have at least 8 characters\n");
        assertThat(nothing.err()).isEqualTo("rdhub: no password on standard input\n");
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}").status())
                .isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM console_audits")).isZero();
    }

    @Test
    void a_bad_setting_stops_the_command_with_one_line_naming_it() {
        Run run = rdhub("", "serve", "--api-port", "seventy");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("rdhub: --api-port: 'seventy' is not a port number (0-65535)\n");
    }
}
