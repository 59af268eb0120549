package org.rdhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.auth.Totp;
import org.rdhub.config.Setting;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.TestServer;

/** Signing in to the web console: password, the TOTP and email-code steps, lockout, CSRF, sign-out and expiry. */
class ConsoleLoginTest extends OnEachDatabase {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String NEW_PASSWORD = "Correct-horse-9";

    private ConsoleBrowser browser() {
        return new ConsoleBrowser(http, "Accept-Language", "en-GB,en;q=0.8");
    }

    /** The default admin with a password of their own (so sign-in lands on the welcome page). */
    private void adminHasOwnPassword() {
        server.app().users().resetPassword(new Caller.CommandLine(), "admin", NEW_PASSWORD);
    }

    private Caller.User admin() {
        long id = server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = 'admin'")
                .mapTo(Long.class).one());
        return new Caller.User(id, "admin", true, "127.0.0.1");
    }

    private long sessions() {
        return count("SELECT COUNT(*) FROM console_sessions");
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String text(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void the_login_page_speaks_the_browsers_language_and_remembers_a_choice() {
        assertThat(http.get("/login", "Accept-Language", "en-US,en;q=0.9").body())
                .contains("<html lang=\"en\">").contains("Sign in to rdhub").contains("Username");
        assertThat(http.get("/login", "Accept-Language", "es-ES,es;q=0.9,en;q=0.5").body())
                .contains("<html lang=\"es\">").contains("Iniciar sesión en rdhub").contains("Contraseña");
        assertThat(http.get("/login", "Accept-Language", "fr-CA,fr;q=0.9").body())
                .contains("<html lang=\"fr\">").contains("Connexion à rdhub").contains("Mot de passe");
        assertThat(http.get("/login", "Accept-Language", "de-DE,de;q=0.9").body()).contains("<html lang=\"en\">");

        ConsoleBrowser browser = browser();
        Http.Response choice = browser.get("/language/fr?back=/login");
        assertThat(choice.status()).isEqualTo(303);
        assertThat(choice.headers().firstValue("Location")).hasValue("/login");
        assertThat(choice.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("rdhub_lang=fr;").contains("Max-Age=");
        assertThat(browser.get("/login").body()).contains("<html lang=\"fr\">");
        // somewhere else than this site is never a place to go back to
        assertThat(browser.get("/language/es?back=//evil.example/").headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void a_password_sign_in_sets_a_session_cookie_with_safe_flags_and_opens_the_welcome_page() {
        adminHasOwnPassword();
        ConsoleBrowser browser = browser();

        Http.Response reply = browser.signIn("admin", NEW_PASSWORD);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.headers().firstValue("Location")).hasValue("/");
        String cookie = reply.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rdhub_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Lax")
                .contains("; Max-Age=604800").doesNotContain("Secure");
        Http.Response welcome = browser.get("/");
        assertThat(welcome.status()).isEqualTo(200);
        assertThat(welcome.body()).contains("Signed in as admin.").contains("data-testid=\"devices-online\"");
        assertThat(welcome.contentType()).startsWith("text/html").containsIgnoringCase("charset=utf-8");
        assertThat(welcome.headers().firstValue("Cache-Control")).hasValue("no-store");
        // a console sign-in is a session, not a client token
        assertThat(sessions()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM access_tokens")).isZero();
        // already signed in: the login page sends the user on
        assertThat(browser.get("/login").headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void tabler_and_htmx_come_from_this_server_with_long_caching() {
        String page = http.get("/login").body();
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+\\.(?:js|css))\"").matcher(page);
        int found = 0;
        while (assets.find()) {
            found++;
            assertThat(assets.group(1)).startsWith("/webjars/");
            Http.Response asset = http.get(assets.group(1));
            assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.headers().firstValue("Cache-Control")).hasValue("max-age=31622400");
        }
        assertThat(found).isEqualTo(3);
        // nothing from another site (no CDN)
        assertThat(page).doesNotContainPattern("(?:src|href)=\"(?:https?:)?//");
    }

    @Test
    void cookies_are_secure_when_the_public_url_is_https() {
        try (TestServer behindProxy = TestServer.start(database,
                Map.of(Setting.PUBLIC_URL, "https://console.example.com"))) {
            behindProxy.app().users().resetPassword(new Caller.CommandLine(), "admin", NEW_PASSWORD);
            ConsoleBrowser browser = new ConsoleBrowser(behindProxy.http());

            Http.Response reply = browser.signIn("admin", NEW_PASSWORD);

            assertThat(reply.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("rdhub_session="))
                    .singleElement().asString().contains("; HttpOnly; SameSite=Lax; Secure");
        }
    }

    @Test
    void a_wrong_password_shows_a_translated_error_and_repeated_failures_lock_the_account() {
        adminHasOwnPassword();
        ConsoleBrowser browser = new ConsoleBrowser(http, "Accept-Language", "es");

        Http.Response wrong = browser.signIn("admin", "not-the-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Nombre de usuario o contraseña incorrectos.")
                .contains("value=\"admin\"");
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("rdhub_session="));

        for (int i = 0; i < 4; i++) {
            browser.submit("/login", "username", "admin", "password", "still-wrong");
        }
        Http.Response locked = browser.submit("/login", "username", "admin", "password", NEW_PASSWORD);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Demasiados intentos fallidos");
        assertThat(sessions()).isZero();
        // the same lock the RustDesk client meets
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"" + NEW_PASSWORD
                + "\",\"type\":\"account\"}").status()).isEqualTo(429);

        server.clock().advance(Duration.ofMinutes(2));
        assertThat(browser.submit("/login", "username", "admin", "password", NEW_PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void an_account_with_totp_signs_in_with_the_code_of_the_app() {
        adminHasOwnPassword();
        var pending = server.app().totpEnrollment().begin(admin());
        server.app().totpEnrollment().confirm(admin(), code(pending.secret(), -1));
        ConsoleBrowser browser = browser();

        Http.Response step = browser.signIn("admin", NEW_PASSWORD);
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.body()).contains("authenticator app").contains("action=\"/login/verify\"");
        assertThat(browser.cookie("rdhub_session")).isNull();
        assertThat(browser.cookie(LoginPages.CHALLENGE_COOKIE)).isNotBlank();

        Http.Response wrong = browser.submit("/login/verify", "username", "admin", "kind", "totp", "code", "000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong verification code.");

        // without the first step's cookie there is nothing to verify: back to the start
        Http.Response noStep = http.send("POST", "/login/verify", "username=admin&kind=totp&code=123456", "Cookie",
                "rdhub_csrf=" + browser.cookie("rdhub_csrf"), "Content-Type", "application/x-www-form-urlencoded",
                "X-CSRF-Token", browser.cookie("rdhub_csrf"));
        assertThat(noStep.status()).isEqualTo(401);
        assertThat(noStep.body()).contains("The verification has expired.").contains("action=\"/login\"");

        Http.Response right = browser.submit("/login/verify", "username", "admin", "kind", "totp",
                "code", code(pending.secret(), 0));
        assertThat(right.status()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/");
        assertThat(browser.cookie(LoginPages.CHALLENGE_COOKIE)).isNull();
        assertThat(browser.get("/").status()).isEqualTo(200);
    }

    @Test
    void an_account_with_email_verification_signs_in_with_the_mailed_code() throws Exception {
        adminHasOwnPassword();
        var cli = new Caller.CommandLine();
        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
        server.app().database().withHandle(h -> h.createUpdate(
                "UPDATE users SET email = 'admin@example.com', email_verification = TRUE").execute());
        ConsoleBrowser browser = new ConsoleBrowser(http, "Accept-Language", "fr");

        Http.Response step = browser.signIn("admin", NEW_PASSWORD);
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.body()).contains("Nous avons envoyé un code de connexion");
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        Matcher code = Pattern.compile("code is (\\d{6})")
                .matcher(GreenMailUtil.getBody(mail.getReceivedMessages()[0]));
        assertThat(code.find()).isTrue();

        Http.Response signedIn = browser.submit("/login/verify", "username", "admin", "kind", "email",
                "code", code.group(1));

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.get("/").body()).contains("Connecté en tant que admin.");
    }

    @Test
    void forms_and_htmx_requests_without_the_csrf_token_are_refused_with_a_403_page() {
        adminHasOwnPassword();
        ConsoleBrowser browser = browser();
        browser.get("/login");
        // the sign-in form itself needs the token of its page
        Http.Response noToken = browser.post("/login", "username", "admin", "password", NEW_PASSWORD);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("Request refused");
        assertThat(sessions()).isZero();

        browser.signIn("admin", NEW_PASSWORD);
        browser.get("/account");
        Http.Response forged = browser.post("/logout", "_csrf", "forged");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(sessions()).isEqualTo(1);
        // htmx requests carry the token as a header; without it even a read is refused
        assertThat(browser.get("/welcome/counts", "HX-Request", "true").status()).isEqualTo(403);
        Http.Response counts = browser.get("/welcome/counts", "HX-Request", "true", "X-CSRF-Token", browser.csrf());
        assertThat(counts.status()).isEqualTo(200);
        assertThat(counts.body()).contains("id=\"counts\"").doesNotContain("<html");
        // the page puts the same token in hx-headers for htmx
        assertThat(browser.get("/").body()).contains("hx-headers=\"{&#34;X-CSRF-Token&#34;: &#34;"
                + browser.csrf() + "&#34;}\"");
    }

    @Test
    void an_unknown_console_address_is_a_translated_404_page_and_an_unknown_api_path_stays_json() {
        ConsoleBrowser browser = new ConsoleBrowser(http, "Accept-Language", "es");
        Http.Response page = browser.get("/no-such-page");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Página no encontrada").doesNotContain("Exception");

        Http.Response api = http.get("/api/no-such-thing");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.body()).isEqualTo("{\"error\":\"Not found\"}");
    }

    @Test
    void without_a_session_pages_redirect_to_login_and_htmx_gets_hx_redirect() {
        Http.Response page = http.get("/account");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");

        ConsoleBrowser browser = browser();
        browser.get("/login");
        Http.Response fragment = browser.get("/welcome/counts", "HX-Request", "true", "X-CSRF-Token", browser.csrf());
        assertThat(fragment.status()).isEqualTo(401);
        assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/login");
    }

    @Test
    void logging_out_ends_the_session() {
        adminHasOwnPassword();
        ConsoleBrowser browser = browser();
        browser.signIn("admin", NEW_PASSWORD);
        String session = browser.cookie("rdhub_session");
        browser.get("/");

        Http.Response out = browser.submit("/logout");

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login");
        assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("rdhub_session=;")
                && c.contains("Max-Age=0"));
        assertThat(sessions()).isZero();
        // the old cookie, replayed, signs nobody in
        assertThat(http.get("/", "Cookie", "rdhub_session=" + session).status()).isEqualTo(303);
    }

    @Test
    void a_session_ends_after_two_idle_hours_and_after_seven_days_whatever_happens() {
        adminHasOwnPassword();
        ConsoleBrowser idle = browser();
        idle.signIn("admin", NEW_PASSWORD);
        server.clock().advance(Duration.ofHours(1).plusMinutes(59));
        assertThat(idle.get("/").status()).isEqualTo(200);
        server.clock().advance(Duration.ofHours(2));
        assertThat(idle.get("/").headers().firstValue("Location")).hasValue("/login");

        ConsoleBrowser busy = browser();
        busy.signIn("admin", NEW_PASSWORD);
        Duration used = Duration.ZERO;
        while (used.compareTo(Duration.ofDays(7).minusHours(2)) < 0) {
            server.clock().advance(Duration.ofMinutes(110));
            used = used.plusMinutes(110);
            assertThat(busy.get("/").status()).as("after %s", used).isEqualTo(200);
        }
        server.clock().advance(Duration.ofMinutes(110));
        assertThat(busy.get("/").headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void the_default_admin_is_sent_to_change_the_initial_password_first() {
        ConsoleBrowser browser = browser();

        Http.Response signedIn = browser.signIn("admin", "test1234");
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/account");
        assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/account");
        Http.Response account = browser.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains("data-testid=\"must-change\"");

        Http.Response changed = browser.submit("/account/password", "current_password", "test1234",
                "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD);

        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.headers().firstValue("Location")).hasValue("/account?done=password");
        assertThat(browser.get("/").status()).isEqualTo(200);
        assertThat(server.app().users().adminsWithInitialPassword()).isEmpty();
        // the change is audited as made in the console
        assertThat(text("SELECT channel FROM console_audits WHERE action = 'account.password-change'"))
                .isEqualTo("console");
    }

    @Test
    void an_account_that_must_use_totp_is_let_in_only_to_set_it_up() {
        adminHasOwnPassword();
        server.app().database().withHandle(h -> h.createUpdate("UPDATE users SET tfa_enforced = TRUE").execute());
        // the client is refused until TOTP is set up, in the console
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"" + NEW_PASSWORD
                + "\",\"type\":\"account\"}").status()).isEqualTo(403);
        ConsoleBrowser browser = browser();

        assertThat(browser.signIn("admin", NEW_PASSWORD).headers().firstValue("Location")).hasValue("/account");
        assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/account");
        assertThat(browser.get("/account").body()).contains("data-testid=\"must-set-up-totp\"");
        browser.submit("/account/totp");
        String secret = server.app().database().withHandle(h -> h.createQuery(
                "SELECT totp_secret FROM users WHERE name = 'admin'").mapTo(String.class).one());
        browser.get("/account");
        assertThat(browser.submit("/account/totp/confirm", "code", code(secret, 0)).status()).isEqualTo(303);

        assertThat(browser.get("/").status()).isEqualTo(200);
    }

    private String code(String secret, int stepOffset) {
        return Totp.code(Base32.decode(secret), server.clock().millis() / 1000 / 30 + stepOffset);
    }
}
