package org.rdhub.console;

import com.microsoft.playwright.Page;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.rdhub.access.Caller;
import org.rdhub.auth.Totp;
import org.rdhub.auth.TotpEnrollment;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.TestServer;
import org.rdhub.users.NewAccount;

/**
 * Base of the console's browser tests: a fresh server for each test. SQLite only: the services behind these pages
 * are tested on SQLite and PostgreSQL by the {@code OnEachDatabase} suites; here what is under test is what a person
 * sees and does in the browser, and that does not change with the database. Subclasses register their own
 * {@code Browser}, so each test class runs one Chromium.
 */
abstract class ConsoleBrowserTest {
    /** The password of every account {@link #createUser} makes. */
    static final String PASSWORD = "Correct-horse-7";

    protected TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(DatabaseKind.SQLITE);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** An account made through the user service, as an administrator would, with the password {@link #PASSWORD}. */
    protected Caller.User createUser(String name, boolean admin, String email) {
        server.app().users().create(new Caller.CommandLine(), new NewAccount(name, email, "", null, admin), PASSWORD);
        long id = server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = :name")
                .bind("name", name).mapTo(Long.class).one());
        return new Caller.User(id, name, admin, "127.0.0.1");
    }

    /** Enrols TOTP for {@code user} through the service, as the account page does; returns the secret. */
    protected String enrolTotp(Caller.User user) {
        TotpEnrollment.Pending pending = server.app().totpEnrollment().begin(user);
        // a code of the previous 30-second step, so the current one is still unused for the sign-in
        server.app().totpEnrollment().confirm(user, totpCode(pending.secret(), -1));
        return pending.secret();
    }

    /** Fills in and sends the sign-in form, from wherever the page is. */
    protected static void signIn(Page page, String username, String password) {
        page.navigate("/login");
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("form[action='/login'] button[type=submit]").click();
    }

    /** A console text in one language, from the same bundles the pages use. */
    protected static String t(String language, String key, Object... args) {
        return new ConsoleText().of(language).t(key, args);
    }

    /** The authenticator app's code for {@code secret} now (on the server's clock), {@code stepOffset} steps away. */
    protected String totpCode(String secret, int stepOffset) {
        return Totp.code(Base32.decode(secret), server.clock().millis() / 1000 / 30 + stepOffset);
    }
}
