package org.rdhub.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.common.PageRequest;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.NewAccount;

/** The User Groups and Device Groups pages over HTTP: lists, forms, refusals in the viewer's words, permissions. */
class GroupPagesTest extends OnEachDatabase {
    private static final String PASSWORD = "Correct-horse-9";
    private final Caller cli = new Caller.CommandLine();
    private ConsoleBrowser admin;

    @BeforeEach
    void signInAdmin() {
        server.app().users().resetPassword(cli, "admin", PASSWORD);
        admin = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(admin.signIn("admin", PASSWORD).status()).isEqualTo(303);
    }

    private UserGroupService.View userGroup(String name) {
        return server.app().userGroups().list(cli, name, new PageRequest(1, 1)).data().get(0);
    }

    private DeviceGroupService.View deviceGroup(String name) {
        return server.app().deviceGroups().list(cli, name, new PageRequest(1, 1)).data().get(0);
    }

    private long count(String table) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                .mapTo(Long.class).one());
    }

    @Test
    void the_user_group_list_searches_with_wildcards_sorts_and_links_members_to_the_users_page() {
        for (String name : List.of("Sales", "Support", "Ops")) {
            server.app().userGroups().create(cli, new UserGroupService.Fields(name, "team " + name, null, null));
        }
        server.app().users().create(cli, new NewAccount("sam", null, "", "Sales", false), PASSWORD);

        Http.Response all = admin.get("/user-groups?sort=name");
        Http.Response some = admin.get("/user-groups?name=s%25&sort=name&dir=desc");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("data-testid=\"user-groups-list\"", "data-row=\"Default\"", "team Sales",
                "href=\"/users?group=Sales\"", "Showing 1–4 of 4");
        assertThat(some.body()).contains("data-row=\"Support\"", "data-row=\"Sales\"")
                .doesNotContain("data-row=\"Ops\"", "data-row=\"Default\"");
        assertThat(some.body().indexOf("data-row=\"Support\"")).isLessThan(some.body().indexOf("data-row=\"Sales\""));
    }

    @Test
    void a_group_is_created_and_its_access_edited_from_one_side_shows_on_the_other() {
        admin.get("/user-groups/new");
        Http.Response created = admin.submit("/user-groups", "name", "Sales", "note", "the sellers", "back",
                "/user-groups?sort=name");
        admin.submit("/user-groups", "name", "Support", "note", "");
        String sales = userGroup("Sales").group().guid();

        admin.get("/user-groups/" + sales + "/edit");
        Http.Response saved = admin.submit("/user-groups/" + sales + "/edit", "name", "Sales", "note", "sellers",
                "incoming_groups", "Support", "incoming_users", "admin", "back", "https://evil.example/");

        assertThat(created.status()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/user-groups?sort=name&done=created");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/user-groups?done=saved");
        assertThat(userGroup("Sales").group().note()).isEqualTo("sellers");
        assertThat(userGroup("Sales").incomings()).containsExactly(new AccessRule(0, "Support"),
                new AccessRule(2, "admin"));
        assertThat(userGroup("Support").outgoings()).containsExactly(new AccessRule(0, "Sales"));
        Http.Response supportForm = admin.get("/user-groups/" + userGroup("Support").group().guid() + "/edit");
        assertThat(supportForm.body()).containsPattern("id=\"outgoing_groups\"[^>]*>\\s*(<option[^>]*>[^<]*</option>\\s*)*"
                + "<option value=\"Sales\" selected>");
        assertThat(admin.get("/user-groups?done=saved").body()).contains("The group was saved.");
    }

    @Test
    void a_duplicate_name_shows_the_form_again_with_the_reason_and_changes_nothing() {
        server.app().userGroups().create(cli, new UserGroupService.Fields("Sales", null, null, null));
        server.app().userGroups().create(cli, new UserGroupService.Fields("Support", "kept", null, null));
        long groups = count("user_groups");
        admin.get("/user-groups/new");

        Http.Response twice = admin.submit("/user-groups", "name", "sales", "note", "again");
        String support = userGroup("Support").group().guid();
        Http.Response renamed = admin.submit("/user-groups/" + support + "/edit", "name", "SALES", "note", "changed");
        ConsoleBrowser spanish = new ConsoleBrowser(http, "Accept-Language", "es");
        spanish.signIn("admin", PASSWORD);
        spanish.get("/device-groups/new");
        spanish.submit("/device-groups", "name", "Kiosks");
        Http.Response deviceTwice = spanish.submit("/device-groups", "name", "KIOSKS");

        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("A group named \"sales\" already exists.", ">again</textarea>",
                "data-testid=\"form-error\"");
        assertThat(renamed.status()).isEqualTo(409);
        assertThat(renamed.body()).contains("A group named \"SALES\" already exists.");
        assertThat(count("user_groups")).isEqualTo(groups);
        assertThat(userGroup("Support").group().note()).isEqualTo("kept");
        assertThat(deviceTwice.status()).isEqualTo(409);
        assertThat(deviceTwice.body()).contains("Ya existe un grupo llamado «KIOSKS».");
        assertThat(count("device_groups")).isEqualTo(1);
    }

    @Test
    void deleting_the_default_group_or_one_with_users_is_refused_in_words_and_the_others_go() {
        server.app().userGroups().create(cli, new UserGroupService.Fields("Sales", null, null, null));
        server.app().userGroups().create(cli, new UserGroupService.Fields("Empty", null, null, null));
        server.app().users().create(cli, new NewAccount("sam", null, "", "Sales", false), PASSWORD);
        admin.get("/user-groups");

        Http.Response refused = admin.submit("/user-groups/delete", "guid", userGroup("Default").group().guid(),
                "guid", userGroup("Sales").group().guid(), "guid", userGroup("Empty").group().guid(),
                "back", "/user-groups");
        Http.Response renameDefault = admin.submit("/user-groups/" + userGroup("Default").group().guid() + "/edit",
                "name", "Standard", "note", "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("The Default group cannot be renamed or deleted",
                "The group \"Sales\" still has users.");
        assertThat(renameDefault.status()).isEqualTo(409);
        assertThat(renameDefault.body()).contains("The Default group cannot be renamed or deleted");
        assertThat(server.app().userGroups().list(cli, null, new PageRequest(1, 10)).data().stream()
                .map(view -> view.group().name())).containsExactly("Default", "Sales");

        Http.Response deleted = admin.submit("/user-groups/delete", "guid", userGroup("Sales").group().guid(),
                "back", "/user-groups?name=S%25");
        assertThat(deleted.status()).isEqualTo(409); // still has sam
        server.app().deviceGroups().create(cli, new DeviceGroupService.Fields("Kiosks", null, null));
        admin.get("/device-groups");
        Http.Response gone = admin.submit("/device-groups/delete", "guid", deviceGroup("Kiosks").group().guid(),
                "back", "/device-groups?name=K%25");
        assertThat(gone.headers().firstValue("Location")).hasValue("/device-groups?name=K%25&done=deleted");
        assertThat(count("device_groups")).isZero();
    }

    @Test
    void a_device_groups_devices_are_added_and_removed_through_the_picker() {
        RustDeskClient first = new RustDeskClient(http, "111111111", "dXVpZC0x");
        RustDeskClient second = new RustDeskClient(http, "222222222", "dXVpZC0y");
        first.sysinfo();
        second.sysinfo();
        server.app().deviceGroups().create(cli, new DeviceGroupService.Fields("Kiosks", null, null));
        String kiosks = deviceGroup("Kiosks").group().guid();

        Http.Response page = admin.get("/device-groups/" + kiosks + "/devices?find_id=1%25");
        Http.Response added = admin.submit("/device-groups/" + kiosks + "/devices/add", "id", "111111111",
                "id", "222222222", "back", "/device-groups/" + kiosks + "/devices?find_id=1%25");
        long afterAdd = deviceGroup("Kiosks").group().members();
        Http.Response removed = admin.submit("/device-groups/" + kiosks + "/devices/remove", "id", "222222222");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"device-picker\"", "data-row=\"111111111\"")
                .doesNotContain("data-row=\"222222222\"");
        assertThat(added.headers().firstValue("Location"))
                .hasValue("/device-groups/" + kiosks + "/devices?find_id=1%25&done=added");
        assertThat(afterAdd).isEqualTo(2);
        assertThat(removed.status()).isEqualTo(303);
        assertThat(deviceGroup("Kiosks").group().members()).isEqualTo(1);
        assertThat(admin.get("/device-groups/" + kiosks + "/devices?done=removed").body())
                .contains("The devices were taken out of this group.", "data-testid=\"member\"");
    }

    @Test
    void a_user_who_is_not_an_administrator_gets_a_403_page_and_changes_nothing() {
        server.app().users().create(cli, new NewAccount("bob", null, "", null, false), PASSWORD);
        server.app().deviceGroups().create(cli, new DeviceGroupService.Fields("Kiosks", null, null));
        ConsoleBrowser bob = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(bob.signIn("bob", PASSWORD).status()).isEqualTo(303);
        bob.get("/");

        for (String path : List.of("/user-groups", "/device-groups", "/user-groups/new",
                "/device-groups/" + deviceGroup("Kiosks").group().guid() + "/devices")) {
            Http.Response reply = bob.get(path);
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.body()).as(path).contains("Not allowed");
        }
        Http.Response create = bob.submit("/user-groups", "name", "Mine");
        Http.Response delete = bob.submit("/device-groups/delete", "guid", deviceGroup("Kiosks").group().guid());

        assertThat(create.status()).isEqualTo(403);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(count("user_groups")).isEqualTo(1);
        assertThat(count("device_groups")).isEqualTo(1);
    }

    @Test
    void a_form_without_the_csrf_token_is_refused() {
        Http.Response reply = admin.post("/user-groups", "name", "Sneaky");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(count("user_groups")).isEqualTo(1);
    }
}
