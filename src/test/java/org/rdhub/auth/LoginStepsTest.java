package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** The second login step (TOTP, email code) and the brute-force stop, as the RustDesk client meets them. */
class LoginStepsTest extends OnEachDatabase {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String PASSWORD_LOGIN = """
            {"username":"admin","password":"test1234","id":"123456789","uuid":"dXVpZA==","autoLogin":true,
             "type":"account","deviceInfo":{"os":"windows","type":"client","name":"desk-1"}}""";

    private Http.Response secondStep(String secret, String code) {
        // what Flutter's verificationCodeDialog sends: no password, the code, the secret from step one
        return http.postJson("/api/login", "{\"username\":\"admin\",\"type\":\"email_code\",\"verificationCode\":\""
                + code + "\",\"tfaCode\":\"" + code + "\",\"secret\":\"" + secret
                + "\",\"id\":\"123456789\",\"uuid\":\"dXVpZA==\",\"autoLogin\":true,\"deviceInfo\":{}}");
    }

    private Caller.User admin() {
        long id = server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = 'admin'")
                .mapTo(Long.class).one());
        return new Caller.User(id, "admin", true, "127.0.0.1");
    }

    private String enrolTotp() {
        var pending = server.app().totpEnrollment().begin(admin());
        server.app().totpEnrollment().confirm(admin(), totpCode(pending.secret(), -1));
        return pending.secret();
    }

    private String totpCode(String secret, int stepOffset) {
        return Totp.code(Base32.decode(secret), server.clock().millis() / 1000 / 30 + stepOffset);
    }

    private void turnOnEmailVerification() {
        var cli = new Caller.CommandLine();
        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
        server.app().database().withHandle(h -> h.createUpdate(
                "UPDATE users SET email = 'admin@example.com', email_verification = TRUE").execute());
    }

    private long tokens() {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM access_tokens")
                .mapTo(Long.class).one());
    }

    @Test
    void totp_login_asks_for_the_code_with_tfa_check_then_grants_a_token() {
        String secret = enrolTotp();

        var first = http.postJson("/api/login", PASSWORD_LOGIN);

        assertThat(first.status()).isEqualTo(200);
        var json = first.json();
        assertThat(json.get("type").asText()).isEqualTo("email_check");
        assertThat(json.get("tfa_type").asText()).isEqualTo("tfa_check");
        assertThat(json.get("user").toString()).isEqualTo("{\"name\":\"admin\"}");
        assertThat(json.has("access_token")).isFalse();
        assertThat(tokens()).isZero();

        var second = secondStep(json.get("secret").asText(), totpCode(secret, 0));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("type").asText()).isEqualTo("access_token");
        assertThat(second.json().get("user").get("name").asText()).isEqualTo("admin");
        String token = second.json().get("access_token").asText();
        assertThat(http.postJson("/api/currentUser", "{}", Http.bearer(token)).status()).isEqualTo(200);
        String device = server.app().database().withHandle(h -> h.createQuery(
                "SELECT device_info FROM access_tokens").mapTo(String.class).one());
        assertThat(device).contains("desk-1");
    }

    @Test
    void a_totp_code_is_accepted_once_and_a_secret_is_single_use() {
        String secret = enrolTotp();
        String code = totpCode(secret, 0);
        String firstSecret = http.postJson("/api/login", PASSWORD_LOGIN).json().get("secret").asText();
        assertThat(secondStep(firstSecret, code).status()).isEqualTo(200);

        String again = http.postJson("/api/login", PASSWORD_LOGIN).json().get("secret").asText();
        var replay = secondStep(again, code);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).isEqualTo("{\"error\":\"Wrong verification code\"}");
        assertThat(secondStep(firstSecret, totpCode(secret, 1)).body())
                .isEqualTo("{\"error\":\"The verification has expired; sign in again\"}");
    }

    @Test
    void five_wrong_codes_end_the_challenge_and_an_old_challenge_expires() {
        String secret = enrolTotp();
        String challenge = http.postJson("/api/login", PASSWORD_LOGIN).json().get("secret").asText();
        for (int i = 0; i < LoginService.MAX_CODE_ATTEMPTS; i++) {
            assertThat(secondStep(challenge, "000000").status()).isEqualTo(401);
        }
        assertThat(secondStep(challenge, totpCode(secret, 0)).status()).as("guessing codes locks too").isEqualTo(429);
        server.clock().advance(Duration.ofMinutes(1));
        assertThat(secondStep(challenge, totpCode(secret, 0)).body()).contains("expired");

        String late = http.postJson("/api/login", PASSWORD_LOGIN).json().get("secret").asText();
        server.clock().advance(LoginService.CHALLENGE_LIFETIME);
        assertThat(secondStep(late, totpCode(secret, 0)).body()).contains("expired");
    }

    @Test
    void email_verification_mails_a_code_that_signs_the_client_in_once() throws Exception {
        turnOnEmailVerification();

        var first = http.postJson("/api/login", PASSWORD_LOGIN);

        assertThat(first.status()).isEqualTo(200);
        var json = first.json();
        assertThat(json.get("type").asText()).isEqualTo("email_check");
        assertThat(json.get("tfa_type").asText()).isEqualTo("email_check");
        assertThat(json.get("user").toString()).isEqualTo("{\"name\":\"admin\",\"email\":\"admin@example.com\"}");
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        var message = mail.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("admin@example.com");
        Matcher code = Pattern.compile("code is (\\d{6})").matcher(GreenMailUtil.getBody(message));
        assertThat(code.find()).isTrue();

        assertThat(secondStep(json.get("secret").asText(), "999999x").status()).isEqualTo(401);
        var granted = secondStep(json.get("secret").asText(), code.group(1));
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("type").asText()).isEqualTo("access_token");
        assertThat(secondStep(json.get("secret").asText(), code.group(1)).status()).isEqualTo(401);
    }

    @Test
    void email_verification_without_a_mail_server_fails_clearly_and_leaves_nothing_behind() {
        server.app().database().withHandle(h -> h.createUpdate(
                "UPDATE users SET email = 'admin@example.com', email_verification = TRUE").execute());

        var reply = http.postJson("/api/login", PASSWORD_LOGIN);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(
                "{\"error\":\"Email login verification is on, but no mail server is configured\"}");
        long challenges = server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM login_challenges").mapTo(Long.class).one());
        assertThat(challenges).isZero();
    }

    @Test
    void enforced_two_factor_without_totp_set_up_is_refused_with_the_reason() {
        server.app().database().withHandle(h -> h.createUpdate("UPDATE users SET tfa_enforced = TRUE").execute());

        var reply = http.postJson("/api/login", PASSWORD_LOGIN);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("error").asText()).contains("two-factor");
        assertThat(tokens()).isZero();
    }

    @Test
    void repeated_wrong_passwords_lock_the_account_even_for_the_right_one_and_write_an_alarm() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"guess" + i + "\"}")
                    .status()).isEqualTo(401);
        }

        var locked = http.postJson("/api/login", PASSWORD_LOGIN);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).isEqualTo(
                "{\"error\":\"Too many failed sign-in attempts; try again in 1 minute\"}");
        var alarm = server.app().database().withHandle(h -> h.createQuery(
                "SELECT typ, info FROM alarm_audits").mapToMap().one());
        assertThat(alarm.get("typ")).isEqualTo(3);
        assertThat(alarm.get("info").toString()).contains("\"name\":\"admin\"", "\"failures\":5");

        server.clock().advance(Duration.ofMinutes(1));
        assertThat(http.postJson("/api/login", PASSWORD_LOGIN).status()).isEqualTo(200);
    }

    @Test
    void login_options_answer_an_empty_list_and_head_for_the_tls_probe() {
        var options = http.send("GET", "/api/login-options", null, "Content-Type", "application/json");
        var probe = http.send("HEAD", "/api/login-options", null);

        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body()).isEqualTo("[]");
        assertThat(probe.status()).isEqualTo(200);
    }
}
