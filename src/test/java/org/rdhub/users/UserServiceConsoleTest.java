package org.rdhub.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.groups.UserGroupService;
import org.rdhub.support.OnEachDatabase;

/** What the console's Users pages add to the user service: editing, sorting, the administrator filter, bulk changes. */
class UserServiceConsoleTest extends OnEachDatabase {
    private static final String PASSWORD = "Correct-horse-9";
    private final Caller.CommandLine cli = new Caller.CommandLine();

    private UserService users;

    @BeforeEach
    void services() {
        users = server.app().users();
        server.app().userGroups().create(cli, new UserGroupService.Fields("Sales", "", List.of(), List.of()));
    }

    private String create(String name, String email, String group, boolean admin) {
        return users.create(cli, new NewAccount(name, email, "", group, admin), PASSWORD);
    }

    private User user(String name) {
        return server.app().database().withHandle(h -> new UserStore().findByName(h, name)).orElseThrow();
    }

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String text(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private List<String> names(UserFilter filter, Sort sort) {
        return users.list(cli, filter, new PageRequest(1, 100), sort).data().stream().map(User::name).toList();
    }

    private static UserFilter all() {
        return new UserFilter(null, null, null, null);
    }

    @Test
    void update_changes_email_note_group_and_admin_flag_with_one_audit_record() {
        String guid = create("bob", null, null, false);

        users.update(cli, guid, new UserService.Changes(" bob@example.com ", "desk 4", "sales", true, null));

        User bob = user("bob");
        assertThat(bob.email()).isEqualTo("bob@example.com");
        assertThat(bob.note()).isEqualTo("desk 4");
        assertThat(bob.groupName()).isEqualTo("Sales");
        assertThat(bob.admin()).isTrue();
        assertThat(text("SELECT details FROM console_audits WHERE action = 'user.update' AND target = 'bob'"))
                .isEqualTo("email, note, group=sales, admin=on");
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.update' AND typ = 1 AND iop = 11"
                + " AND channel = 'cli'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.password-reset'")).isZero();

        // the same values again change nothing and record nothing; an empty email removes the address
        users.update(cli, guid, new UserService.Changes("bob@example.com", "desk 4", "Sales", true, ""));
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.update'")).isEqualTo(1);
        users.update(cli, guid, new UserService.Changes("", "desk 4", "", true, null));
        assertThat(user("bob").email()).isNull();
        assertThat(user("bob").groupName()).as("a blank group keeps the current one").isEqualTo("Sales");
    }

    @Test
    void update_refuses_bad_input_before_changing_anything() {
        String guid = create("bob", "bob@example.com", null, false);

        assertThatThrownBy(() -> users.update(cli, guid, new UserService.Changes("not-an-address", "x", "Sales",
                true, null))).isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
                    assertThat(e.code()).isEqualTo("email_invalid");
                });
        assertThatThrownBy(() -> users.update(cli, guid, new UserService.Changes("b@example.com", "x", "Nowhere",
                true, null))).isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("group_unknown");
                });
        assertThatThrownBy(() -> users.update(cli, guid, new UserService.Changes("b@example.com", "x", "Sales",
                true, "short"))).isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo("password_policy"));
        assertThatThrownBy(() -> users.update(cli, "no-such-guid", new UserService.Changes("", "", "", false, null)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));

        User bob = user("bob");
        assertThat(bob.email()).isEqualTo("bob@example.com");
        assertThat(bob.note()).isEmpty();
        assertThat(bob.groupName()).isEqualTo("Default");
        assertThat(bob.admin()).isFalse();
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.update'")).isZero();
    }

    @Test
    void the_last_enabled_administrator_cannot_be_made_a_regular_user() {
        String admin = user("admin").guid();

        assertThatThrownBy(() -> users.update(cli, admin, new UserService.Changes("", "", "", false, null)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("last_admin");
                });
        assertThat(user("admin").admin()).isTrue();

        create("root2", null, null, true);
        users.update(cli, admin, new UserService.Changes("", "", "", false, null));
        assertThat(user("admin").admin()).isFalse();
    }

    @Test
    void update_with_a_new_password_signs_the_user_out_and_records_the_reset() {
        String guid = create("bob", null, null, false);
        var login = "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}";
        assertThat(http.postJson("/api/login", login).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM access_tokens")).isEqualTo(1);

        users.update(cli, guid, new UserService.Changes("", "", "", false, "Brand-new-pass-1"));

        assertThat(count("SELECT COUNT(*) FROM access_tokens")).isZero();
        assertThat(http.postJson("/api/login", login).status()).isEqualTo(401);
        assertThat(http.postJson("/api/login", "{\"username\":\"bob\",\"password\":\"Brand-new-pass-1\"}").status())
                .isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.password-reset' AND target = 'bob'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.update'")).isZero();
    }

    @Test
    void reset_2fa_removes_the_totp_setup_so_the_user_enrols_again() {
        create("bob", null, null, false);
        User bob = user("bob");
        Caller.User bobCaller = new Caller.User(bob.id(), "bob", false, "127.0.0.1");
        var pending = server.app().totpEnrollment().begin(bobCaller);
        server.app().totpEnrollment().confirm(bobCaller, org.rdhub.auth.Totp.code(
                org.bouncycastle.util.encoders.Base32.decode(pending.secret()),
                server.clock().millis() / 1000 / 30 - 1));
        assertThat(user("bob").totpEnabled()).isTrue();

        users.disableLoginVerification(cli, List.of(bob.guid()), UserService.Verification.TOTP);

        assertThat(user("bob").totpEnabled()).isFalse();
        assertThat(user("bob").totpSecret()).isNull();
        assertThat(text("SELECT details FROM console_audits WHERE action = 'user.login-verification-off'"))
                .isEqualTo("2fa");
        // the user can set it up again
        assertThat(server.app().totpEnrollment().begin(bobCaller).secret()).isNotBlank();
    }

    @Test
    void the_console_list_sorts_by_each_column_with_the_id_breaking_ties() {
        create("carol", "c@example.com", "Sales", false);
        create("Alice", null, null, true);
        create("bob", "b@example.com", "Sales", false);
        create("dave", "A@example.com", null, false);

        assertThat(names(all(), new Sort("name", false))).containsExactly("admin", "Alice", "bob", "carol", "dave");
        assertThat(names(all(), new Sort("name", true))).containsExactly("dave", "carol", "bob", "Alice", "admin");
        // no address sorts as empty, on both databases; equal values keep creation order
        assertThat(names(all(), new Sort("email", false))).containsExactly("admin", "Alice", "dave", "bob", "carol");
        assertThat(names(all(), new Sort("group", false))).containsExactly("admin", "Alice", "dave", "carol", "bob");
        assertThat(names(all(), new Sort("admin", true))).containsExactly("Alice", "admin", "dave", "bob", "carol");
        assertThat(names(all(), new Sort("created", true))).containsExactly("dave", "bob", "Alice", "carol", "admin");
        assertThat(names(all(), null)).as("the API's order: oldest first")
                .containsExactly("admin", "carol", "Alice", "bob", "dave");
        assertThatThrownBy(() -> names(all(), new Sort("password_hash", false)))
                .isInstanceOf(ServiceException.class);
    }

    @Test
    void the_console_list_filters_administrators_status_group_and_name() {
        create("alice", null, null, true);
        String bob = create("bob", null, "Sales", false);
        create("bobby", null, "Sales", false);
        users.disable(cli, bob);
        Sort byName = new Sort("name", false);

        assertThat(names(new UserFilter(null, null, null, true), byName)).containsExactly("admin", "alice");
        assertThat(names(new UserFilter(null, null, null, false), byName)).containsExactly("bob", "bobby");
        assertThat(names(new UserFilter(null, "sales", User.STATUS_NORMAL, null), byName)).containsExactly("bobby");
        assertThat(names(new UserFilter("BOB%", null, null, false), byName)).containsExactly("bob", "bobby");
        assertThat(users.list(cli, new UserFilter("b%", null, null, null), new PageRequest(2, 1), byName).total())
                .isEqualTo(2);
    }

    @Test
    void deleting_several_users_is_all_or_none() {
        String bob = create("bob", null, null, false);
        String carol = create("carol", null, null, false);
        String admin = user("admin").guid();

        assertThatThrownBy(() -> users.delete(cli, List.of(bob, admin))).isInstanceOfSatisfying(
                ServiceException.class, e -> assertThat(e.code()).isEqualTo("last_admin"));
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(3);

        users.delete(cli, List.of(bob, carol));
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM console_audits WHERE action = 'user.delete'")).isEqualTo(2);
        assertThatThrownBy(() -> users.disable(cli, List.of())).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.code()).isEqualTo("none_selected"));
    }
}
