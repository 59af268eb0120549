package org.rdhub.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.groups.UserGroupService;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;

/** The console's Users pages over HTTP: forms, refusals, bulk actions, the export and invitations. */
class UserPagesTest extends OnEachDatabase {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String PASSWORD = "Correct-horse-9";
    private final Caller.CommandLine cli = new Caller.CommandLine();

    private ConsoleBrowser admin;

    @BeforeEach
    void signInAdmin() {
        server.app().users().resetPassword(cli, "admin", PASSWORD);
        server.app().userGroups().create(cli, new UserGroupService.Fields("Sales", "", List.of(), List.of()));
        admin = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(admin.signIn("admin", PASSWORD).status()).isEqualTo(303);
    }

    private String create(String name, boolean admin) {
        return server.app().users().create(cli, new NewAccount(name, null, "", null, admin), PASSWORD);
    }

    private User user(String name) {
        return server.app().database().withHandle(h -> new UserStore().findByName(h, name)).orElse(null);
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String location(Http.Response response) {
        return response.headers().firstValue("Location").orElse("");
    }

    @Test
    void the_list_filters_sorts_and_pages_on_the_server() {
        create("bob", false);
        create("bobby", true);
        create("carol", false);

        Http.Response all = admin.get("/users");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("data-testid=\"users-list\"").contains("data-row=\"carol\"")
                .contains("Showing 1–4 of 4");

        Http.Response bobs = admin.get("/users?name=bob%25&admin=no");
        assertThat(bobs.body()).contains("data-row=\"bob\"").doesNotContain("data-row=\"bobby\"")
                .doesNotContain("data-row=\"carol\"");

        Http.Response descending = admin.get("/users?sort=name&dir=desc&size=10&page=1");
        assertThat(descending.body().indexOf("data-row=\"carol\""))
                .isLessThan(descending.body().indexOf("data-row=\"admin\""));
        // a hand-edited address falls back to the defaults
        assertThat(admin.get("/users?sort=password_hash&size=7&page=x").status()).isEqualTo(200);
    }

    @Test
    void creating_a_user_checks_the_input_and_shows_translated_reasons() {
        admin.get("/users/new");
        Http.Response mismatch = admin.submit("/users/new", "name", "dave", "password", PASSWORD,
                "confirm_password", "other-password", "group", "Sales");
        Http.Response badEmail = admin.submit("/users/new", "name", "dave", "password", PASSWORD,
                "confirm_password", PASSWORD, "email", "dave-at-nowhere", "group", "Sales");
        Http.Response shortPassword = admin.submit("/users/new", "name", "dave", "password", "short",
                "confirm_password", "short", "group", "Sales");
        Http.Response duplicate = admin.submit("/users/new", "name", "ADMIN", "password", PASSWORD,
                "confirm_password", PASSWORD, "group", "Sales");

        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two passwords are not the same.").contains("value=\"dave\"");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body()).contains("This is not a valid email address.")
                .contains("value=\"dave-at-nowhere\"");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("between 8 and 128 characters");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("A user with this name already exists.");
        assertThat(user("dave")).isNull();
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);

        ConsoleBrowser french = new ConsoleBrowser(http, "Accept-Language", "fr");
        french.signIn("admin", PASSWORD);
        french.get("/users/new");
        assertThat(french.submit("/users/new", "name", "admin", "password", PASSWORD, "confirm_password", PASSWORD)
                .body()).contains("Un utilisateur porte déjà ce nom.");

        Http.Response created = admin.submit("/users/new", "name", "dave", "password", PASSWORD,
                "confirm_password", PASSWORD, "email", "dave@example.com", "group", "Sales", "admin", "on",
                "note", "night shift");
        assertThat(location(created)).isEqualTo("/users?done=created");
        assertThat(admin.get("/users?done=created").body()).contains("The user has been created.");
        User dave = user("dave");
        assertThat(dave.groupName()).isEqualTo("Sales");
        assertThat(dave.admin()).isTrue();
        assertThat(dave.note()).isEqualTo("night shift");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.create' AND target = 'dave'"
                + " AND channel = 'console' AND operator = 'admin'")).isEqualTo(1);
    }

    @Test
    void editing_a_user_saves_the_fields_and_a_new_password_and_refuses_bad_input() {
        String guid = create("bob", false);
        Http.Response form = admin.get("/users/" + guid + "/edit");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Edit user bob");

        Http.Response bad = admin.submit("/users/" + guid + "/edit", "email", "nope", "note", "changed",
                "group", "Sales", "admin", "on");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("This is not a valid email address.").contains("changed");
        Http.Response mismatch = admin.submit("/users/" + guid + "/edit", "email", "", "group", "Sales",
                "new_password", "Another-pass-1", "confirm_password", "Another-pass-2");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(user("bob").groupName()).isEqualTo("Default");
        assertThat(user("bob").note()).isEmpty();

        Http.Response saved = admin.submit("/users/" + guid + "/edit", "email", "bob@example.com", "note",
                "changed", "group", "Sales", "admin", "on", "new_password", "Another-pass-1",
                "confirm_password", "Another-pass-1");
        assertThat(location(saved)).isEqualTo("/users?done=saved");
        User bob = user("bob");
        assertThat(bob.email()).isEqualTo("bob@example.com");
        assertThat(bob.groupName()).isEqualTo("Sales");
        assertThat(bob.admin()).isTrue();
        assertThat(new ConsoleBrowser(http).signIn("bob", "Another-pass-1").status()).isEqualTo(303);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.update' AND channel = 'console'"))
                .isEqualTo(1);
        assertThat(admin.get("/users/no-such-guid/edit").status()).isEqualTo(404);
    }

    @Test
    void deleting_the_last_administrator_is_refused_with_a_translated_message() {
        String bob = create("bob", false);
        String adminGuid = user("admin").guid();
        admin.get("/users");

        Http.Response refused = admin.submit("/users/delete", "guid", bob, "guid", adminGuid, "back",
                "/users?sort=name");

        assertThat(location(refused)).isEqualTo("/users?sort=name&refused=last_admin");
        assertThat(admin.get(location(refused)).body())
                .contains("This is the last enabled administrator. Make another user an administrator first.");
        assertThat(user("admin")).isNotNull();
        assertThat(user("bob")).as("all or none").isNotNull();

        Http.Response deleted = admin.submit("/users/delete", "one", bob, "guid", adminGuid, "back", "/users");
        assertThat(location(deleted)).isEqualTo("/users?done=deleted");
        assertThat(user("bob")).isNull();
        assertThat(user("admin")).as("a row's own button acts on that row only").isNotNull();
        assertThat(location(admin.submit("/users/delete", "back", "/users"))).isEqualTo("/users?refused=none_selected");
    }

    @Test
    void deleting_an_owner_of_shared_address_books_is_refused_in_the_viewers_language() {
        String bob = create("bob", false);
        String token = http.postJson("/api/login", "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}")
                .json().get("access_token").asText();
        assertThat(http.send("POST", "/api/ab/shared/add", "{\"name\":\"Team\",\"note\":null}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json").status()).isEqualTo(200);
        ConsoleBrowser french = new ConsoleBrowser(http, "Accept-Language", "fr");
        french.signIn("admin", PASSWORD);
        french.get("/users");

        Http.Response refused = french.submit("/users/delete", "one", bob, "back", "/users");

        assertThat(location(refused)).isEqualTo("/users?refused=owns_shared_books");
        assertThat(french.get(location(refused)).body()).contains("data-testid=\"refusal\"")
                .contains("Cet utilisateur possède des carnets d’adresses partagés.");
        assertThat(user("bob")).isNotNull();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.delete'")).isZero();
    }

    @Test
    void enable_disable_reset_2fa_and_force_logout_act_on_the_chosen_users() {
        String bob = create("bob", false);
        String carol = create("carol", false);
        assertThat(http.postJson("/api/login", "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}").status())
                .isEqualTo(200);
        admin.get("/users");

        assertThat(location(admin.submit("/users/disable", "guid", bob, "guid", carol, "back", "/users")))
                .isEqualTo("/users?done=disabled");
        assertThat(user("bob").status()).isEqualTo(User.STATUS_DISABLED);
        assertThat(user("carol").status()).isEqualTo(User.STATUS_DISABLED);
        assertThat(admin.get("/users?status=disabled").body()).contains("data-row=\"bob\"")
                .doesNotContain("data-row=\"admin\"");
        admin.submit("/users/enable", "one", carol, "back", "/users");
        assertThat(user("carol").active()).isTrue();
        assertThat(user("bob").active()).isFalse();

        server.app().database().withHandle(h -> h.createUpdate(
                "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = 1 WHERE name = 'carol'")
                .execute());
        assertThat(location(admin.submit("/users/reset-2fa", "one", carol, "back", "/users")))
                .isEqualTo("/users?done=totp_reset");
        assertThat(user("carol").totpEnabled()).isFalse();
        assertThat(user("carol").totpSecret()).isNull();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.login-verification-off'"
                + " AND target = 'carol' AND channel = 'console'")).isEqualTo(1);

        ConsoleBrowser carolBrowser = new ConsoleBrowser(http);
        assertThat(carolBrowser.signIn("carol", PASSWORD).status()).isEqualTo(303);
        assertThat(carolBrowser.get("/").status()).isEqualTo(200);
        admin.submit("/users/force-logout", "one", carol, "back", "/users");
        assertThat(carolBrowser.get("/").status()).as("signed out").isEqualTo(303);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.force-logout'")).isEqualTo(1);
    }

    @Test
    void users_who_are_not_administrators_get_a_403_page_and_change_nothing() {
        String bob = create("bob", false);
        ConsoleBrowser user = new ConsoleBrowser(http, "Accept-Language", "en");
        user.signIn("bob", PASSWORD);

        for (String path : List.of("/users", "/users/new", "/users/invite", "/users/" + bob + "/edit",
                "/users/" + bob + "/devices", "/users/export.csv")) {
            Http.Response page = user.get(path);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).contains("data-testid=\"error-title\"");
        }
        user.get("/");
        assertThat(user.submit("/users/delete", "one", user("admin").guid(), "back", "/users").status())
                .isEqualTo(403);
        assertThat(user.submit("/users/new", "name", "mallory", "password", PASSWORD, "confirm_password", PASSWORD)
                .status()).isEqualTo(403);
        assertThat(user("admin")).isNotNull();
        assertThat(user("mallory")).isNull();
    }

    @Test
    void a_post_without_the_csrf_token_is_refused() {
        String bob = create("bob", false);
        Http.Response refused = admin.post("/users/delete", "one", bob, "back", "/users");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(user("bob")).isNotNull();
    }

    @Test
    void the_export_gives_the_same_rows_as_the_api_with_the_lists_filters() {
        create("bob", false);
        create("carol", true);
        String token = server.apiToken(Resource.USER, Level.READ);

        Http.Response page = admin.get("/users?admin=no");
        assertThat(page.body()).contains("href=\"/users/export.csv?admin=no&amp;sort=name\"");
        Http.Response console = admin.get("/users/export.csv?name=bob");
        Http.Response api = http.get("/api/users/export.csv?name=bob", Http.bearer(token));

        assertThat(console.status()).isEqualTo(200);
        assertThat(console.contentType()).startsWith("text/csv");
        assertThat(console.body()).isEqualTo(api.body()).contains("bob").doesNotContain("carol");
        assertThat(admin.get("/users/export.csv?admin=yes").body()).contains("carol").contains("admin")
                .doesNotContain("bob");
    }

    @Test
    void inviting_says_when_mail_is_not_set_up_and_sends_the_mail_when_it_is() throws Exception {
        Http.Response noMail = admin.get("/users/invite");
        assertThat(noMail.body()).contains("data-testid=\"no-mail\"").contains("Mail is not set up on this server");
        Http.Response refused = admin.submit("/users/invite", "name", "erin", "email", "erin@example.com");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(user("erin")).isNull();

        server.app().settings().set(cli, ServerSetting.SMTP_HOST, "127.0.0.1");
        server.app().settings().set(cli, ServerSetting.SMTP_PORT, Integer.toString(mail.getSmtp().getPort()));
        server.app().settings().set(cli, ServerSetting.SMTP_SECURITY, "none");
        server.app().settings().set(cli, ServerSetting.SMTP_FROM, "rdhub@example.com");
        assertThat(admin.get("/users/invite").body()).doesNotContain("data-testid=\"no-mail\"");

        Http.Response noAddress = admin.submit("/users/invite", "name", "erin", "email", "");
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.body()).contains("An invitation needs the user's email address.");

        Http.Response sent = admin.submit("/users/invite", "name", "erin", "email", "erin@example.com",
                "group", "Sales", "note", "new hire");
        assertThat(location(sent)).isEqualTo("/users?done=invited");
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        var message = mail.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("erin@example.com");
        assertThat(GreenMailUtil.getBody(message)).contains(http.base() + "/invitation/");
        assertThat(user("erin").status()).isEqualTo(User.STATUS_UNVERIFIED);
        assertThat(user("erin").groupName()).isEqualTo("Sales");
        assertThat(admin.get("/users?status=unverified").body()).contains("data-row=\"erin\"");
    }
}
