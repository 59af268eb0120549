package org.rdhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** users.py invite: the mail, the page behind its link, the first login; and the 2FA enforcement notice. */
class UserMailsTest extends OnEachDatabase {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    String rw;

    @BeforeEach
    void token() {
        rw = server.apiToken(Resource.USER, Level.READ_WRITE);
    }

    private void configureMail() {
        var cli = new Caller.CommandLine();
        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
    }

    private Http.Response invite(String name, String email) {
        return http.send("POST", "/api/users/invite", "{\"email\":\"" + email + "\",\"name\":\"" + name
                        + "\",\"group_name\":\"Default\",\"note\":\"invited\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");
    }

    /** The invitation link of the n-th mail received, as a path on the test server. */
    private String linkPath(int index) {
        assertThat(mail.waitForIncomingEmail(5000, index + 1)).isTrue();
        String body = GreenMailUtil.getBody(mail.getReceivedMessages()[index]);
        Matcher link = Pattern.compile("(\\S+)(/invitation/[A-Za-z0-9_-]{43})").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        assertThat(link.group(1)).isEqualTo(http.base());
        return link.group(2);
    }

    private Http.Response submit(String path, String password, String repeat) {
        return http.send("POST", path, "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&repeat=" + URLEncoder.encode(repeat, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    private Http.Response login(String name, String password) {
        return http.postJson("/api/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void an_invited_user_sets_a_password_through_the_mailed_link_and_signs_in() throws Exception {
        configureMail();

        var reply = invite("username", "user@example.com");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(count("SELECT status FROM users WHERE name = 'username'")).isEqualTo(User.STATUS_UNVERIFIED);
        assertThat(login("username", "anything-at-all").status()).isEqualTo(401);
        assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("user@example.com");
        String path = linkPath(0);
        assertThat(count("SELECT COUNT(*) FROM user_invitations WHERE token_hash = '"
                + path.substring(path.lastIndexOf('/') + 1) + "'")).as("only the hash is stored").isZero();

        var page = http.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<strong>username</strong>", "name=\"password\"", "name=\"repeat\"");

        var differ = submit(path, "password-123", "password-124");
        assertThat(differ.status()).isEqualTo(400);
        assertThat(differ.body()).contains("The two passwords differ", "<form");
        var tooShort = submit(path, "short", "short");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("at least 8 characters");

        var done = submit(path, "password-123", "password-123");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Password set");
        var login = login("username", "password-123");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().has("access_token")).isTrue();

        var used = http.get(path);
        assertThat(used.status()).isEqualTo(404);
        assertThat(used.body()).contains("not valid or has been used already");
        assertThat(submit(path, "password-456", "password-456").status()).isEqualTo(404);
        assertThat(login("username", "password-123").status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.invite' AND typ = 1 AND iop = 2"))
                .isEqualTo(1);
    }

    @Test
    void an_expired_link_says_so_and_sets_nothing() {
        configureMail();
        invite("late", "late@example.com");
        String path = linkPath(0);

        server.clock().advance(UserInvitations.LIFETIME.plus(Duration.ofMinutes(1)));

        var page = http.get(path);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("This invitation has expired");
        assertThat(submit(path, "password-123", "password-123").status()).isEqualTo(404);
        assertThat(count("SELECT status FROM users WHERE name = 'late'")).isEqualTo(User.STATUS_UNVERIFIED);
    }

    @Test
    void the_page_escapes_the_user_name_and_refuses_unknown_links() {
        configureMail();
        invite("<b>x</b>&'q", "x@example.com");
        String path = linkPath(0);

        assertThat(http.get(path).body()).contains("&lt;b&gt;x&lt;/b&gt;&amp;&#39;q").doesNotContain("<b>x</b>");
        var unknown = http.get("/invitation/no-such-token");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
    }

    @Test
    void a_disabled_invited_user_cannot_use_the_link_and_enabling_keeps_them_unverified() {
        configureMail();
        String guid = invite("someone", "s@example.com").json().get("guid").asText();
        String path = linkPath(0);

        http.send("POST", "/api/users/" + guid + "/disable", null, bearer(rw));
        assertThat(http.get(path).status()).isEqualTo(403);
        http.send("POST", "/api/users/" + guid + "/enable", null, bearer(rw));

        assertThat(count("SELECT status FROM users WHERE name = 'someone'")).isEqualTo(User.STATUS_UNVERIFIED);
        assertThat(submit(path, "password-123", "password-123").status()).isEqualTo(200);
        assertThat(count("SELECT status FROM users WHERE name = 'someone'")).isEqualTo(User.STATUS_NORMAL);
    }

    @Test
    void without_a_mail_server_invite_is_refused_and_creates_nothing() {
        long users = count("SELECT COUNT(*) FROM users");

        var reply = invite("username", "user@example.com");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo(
                "{\"error\":\"No mail server is configured; set the SMTP settings to send invitations\"}");
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(users);
        assertThat(count("SELECT COUNT(*) FROM user_invitations")).isZero();
    }

    @Test
    void invite_with_bad_input_creates_nothing_and_mails_nobody() {
        configureMail();
        long users = count("SELECT COUNT(*) FROM users");

        var duplicate = invite("ADMIN", "a@example.com");
        var noEmail = http.send("POST", "/api/users/invite", "{\"name\":\"n\",\"group_name\":\"Default\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");
        var unknownGroup = http.send("POST", "/api/users/invite",
                "{\"email\":\"n@example.com\",\"name\":\"n\",\"group_name\":\"Nobody\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(unknownGroup.status()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(users);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void enforcing_2fa_mails_the_console_address_to_users_with_an_email() throws Exception {
        configureMail();
        http.send("POST", "/api/users", "{\"name\":\"withmail\",\"password\":\"password123\",\"email\":\"w@example.com\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");
        http.send("POST", "/api/users", "{\"name\":\"nomail\",\"password\":\"password123\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");
        var page = http.get("/api/users?name=%25mail%25&pageSize=30&current=1", bearer(rw)).json();
        String guids = page.get("data").findValuesAsText("guid").stream()
                .map(g -> "\"" + g + "\"").reduce((a, b) -> a + "," + b).orElseThrow();

        var reply = http.send("PUT", "/api/users/tfa/totp/enforce",
                "{\"user_guids\":[" + guids + "],\"enforce\":true,\"url\":\"https://console.example.com\"}",
                "Authorization", "Bearer " + rw, "Content-Type", "application/json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("w@example.com");
        assertThat(GreenMailUtil.getBody(mail.getReceivedMessages()[0])).contains("https://console.example.com");
        assertThat(count("SELECT COUNT(*) FROM users WHERE tfa_enforced = TRUE")).isEqualTo(2);
    }
}
