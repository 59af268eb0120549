package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;
import org.rdhub.users.NewAccount;

/**
 * The console's Devices page over HTTP: the list and its export, the Edit form refusing bad input with the reason in
 * the viewer's language, bulk and row actions, disconnecting a live session, and what users who are not
 * administrators may see and do (their own devices, nothing else).
 */
class DevicePagesTest extends OnEachDatabase {
    private static final Caller CLI = new Caller.CommandLine();
    private static final String PASSWORD = "Correct-horse-9";

    private ConsoleBrowser admin;
    private RustDeskClient laptop;
    private RustDeskClient desk;
    private RustDeskClient tablet;

    @BeforeEach
    void fixture() {
        server.app().users().resetPassword(CLI, "admin", PASSWORD);
        server.app().users().create(CLI, new NewAccount("mike", null, "", null, false), PASSWORD);
        server.app().database().useTransaction(h -> new DeviceGroupStore().insert(h, "Lab", "", 1));
        laptop = register("200000001", "alpha-laptop");
        desk = register("200000002", "bravo-desk");
        tablet = register("200000003", "charlie-laptop");
        server.app().devices().assign(CLI, guid(laptop), "user_name", "mike");
        admin = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(admin.signIn("admin", PASSWORD).status()).isEqualTo(303);
    }

    private RustDeskClient register(String id, String hostname) {
        var client = new RustDeskClient(http, id, "uuid-" + id);
        assertThat(http.postJson("/api/sysinfo", client.sysinfoBody("").replace("\"desk-1\"", "\"" + hostname + "\""))
                .body()).isEqualTo("SYSINFO_UPDATED");
        return client;
    }

    private String guid(RustDeskClient client) {
        return column("guid", client);
    }

    private String column(String column, RustDeskClient client) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT " + column
                        + " FROM devices WHERE rustdesk_id = :id").bind("id", client.id()).mapTo(String.class)
                .findOne().orElse(null));
    }

    private boolean enabled(RustDeskClient client) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT enabled FROM devices WHERE rustdesk_id = :id")
                .bind("id", client.id()).mapTo(Boolean.class).one());
    }

    private static String row(RustDeskClient client) {
        return "data-row=\"" + client.id() + "\"";
    }

    @Test
    void the_list_searches_with_wildcards_and_exports_the_same_rows_as_the_api() {
        Http.Response all = admin.get("/devices");
        Http.Response laptops = admin.get("/devices?name=%25laptop%25&sort=name&dir=desc");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains(row(laptop), row(desk), row(tablet)).contains("data-testid=\"devices-list\"");
        assertThat(laptops.body()).contains(row(laptop), row(tablet)).doesNotContain(row(desk));
        assertThat(laptops.body().indexOf(row(tablet))).isLessThan(laptops.body().indexOf(row(laptop)));
        assertThat(laptops.body()).contains("href=\"/devices/export.csv?name=%25laptop%25&amp;sort=name&amp;dir=desc\"");

        Http.Response csv = admin.get("/devices/export.csv?name=%25laptop%25");
        String token = server.apiToken(Resource.DEVICE, Level.READ);
        Http.Response apiCsv = http.get("/api/devices/export.csv?device_name=%25laptop%25", bearer(token));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo(apiCsv.body()).contains("alpha-laptop").doesNotContain("bravo-desk");
    }

    @Test
    void a_bad_edit_shows_the_form_again_with_the_reason_in_spanish_and_changes_nothing() {
        var spanish = new ConsoleBrowser(http, "Accept-Language", "es");
        spanish.signIn("admin", PASSWORD);
        String edit = "/devices/" + guid(desk) + "/edit";
        assertThat(spanish.get(edit + "?back=%2Fdevices%3Fname%3Dx").body()).contains("name=\"back\" value=\"/devices?name=x\"");

        Http.Response unknownUser = spanish.submit(edit, "alias", "Boss", "user", "nobody", "device_group", "Lab",
                "strategy", "", "note", "changed", "back", "/devices");
        Http.Response longNote = spanish.submit(edit, "alias", "", "user", "mike", "device_group", "",
                "strategy", "", "note", "n".repeat(10_001), "back", "/devices");

        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(unknownUser.body()).contains("data-testid=\"form-error\">Ese usuario no existe (ya). Elija otro.")
                .contains("value=\"Boss\"").contains("<option value=\"nobody\" selected>nobody</option>")
                .contains(">changed</textarea>");
        assertThat(longNote.status()).isEqualTo(400);
        assertThat(longNote.body()).contains("La nota es demasiado larga");
        assertThat(column("owner_user_id", desk)).isNull();
        assertThat(column("device_group_id", desk)).isNull();
        assertThat(column("alias", desk)).isEmpty();
        assertThat(column("note", desk)).isEmpty();

        Http.Response saved = spanish.submit(edit, "alias", "Boss", "user", "mike", "device_group", "Lab",
                "strategy", "", "note", "line 1\r\nline 2", "back", "/devices?name=%25desk");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/devices?name=%25desk&done=edited");
        assertThat(column("alias", desk)).isEqualTo("Boss");
        assertThat(column("note", desk)).isEqualTo("line 1\nline 2");
        assertThat(spanish.get("/devices?done=edited").body()).contains("El dispositivo se ha guardado.");
        // an address elsewhere is not where the form goes back to
        Http.Response elsewhere = spanish.submit(edit, "alias", "Boss", "user", "mike", "device_group", "Lab",
                "strategy", "", "note", "line 1\nline 2", "back", "https://evil.example/");
        assertThat(elsewhere.headers().firstValue("Location")).hasValue("/devices?done=unchanged");
    }

    @Test
    void selected_devices_are_disabled_enabled_and_deleted_together() {
        admin.get("/devices");

        Http.Response none = admin.submit("/devices/disable", "back", "/devices");
        Http.Response disabled = admin.submit("/devices/disable", "guid", guid(laptop), "guid", guid(desk),
                "back", "/devices?sort=name");

        assertThat(none.headers().firstValue("Location")).hasValue("/devices?done=none_selected");
        assertThat(disabled.headers().firstValue("Location")).hasValue("/devices?sort=name&done=disabled");
        assertThat(enabled(laptop)).isFalse();
        assertThat(enabled(desk)).isFalse();
        assertThat(enabled(tablet)).isTrue();
        assertThat(admin.get("/devices?done=disabled").body()).contains("The devices have been disabled.")
                .contains("data-testid=\"disabled-badge\"");

        admin.submit("/devices/" + guid(laptop) + "/enable", "back", "/devices");
        assertThat(enabled(laptop)).isTrue();
        admin.submit("/devices/delete", "guid", guid(desk), "guid", guid(tablet), "back", "/devices");
        assertThat(guid(desk)).isNull();
        assertThat(guid(tablet)).isNull();
        assertThat(admin.post("/devices/" + guid(laptop) + "/delete", "back", "/devices").status()).isEqualTo(403);
        assertThat(guid(laptop)).isNotNull();
    }

    @Test
    void a_live_session_the_last_heartbeat_listed_can_be_disconnected() {
        laptop.heartbeat(0, 41);
        Http.Response page = admin.get("/devices");
        assertThat(page.body()).contains("formaction=\"/devices/" + guid(laptop) + "/disconnect\" name=\"conn\" value=\"41\"");

        Http.Response asked = admin.submit("/devices/" + guid(laptop) + "/disconnect", "conn", "41",
                "back", "/devices");

        assertThat(asked.headers().firstValue("Location")).hasValue("/devices?done=disconnect");
        assertThat(laptop.heartbeat(0, 41).json().get("disconnect").toString()).isEqualTo("[41]");
        assertThat(admin.submit("/devices/" + guid(laptop) + "/disconnect", "conn", "x").status()).isEqualTo(400);
    }

    @Test
    void a_user_who_is_not_an_administrator_sees_their_own_devices_and_may_change_none() {
        var mike = new ConsoleBrowser(http, "Accept-Language", "en");
        assertThat(mike.signIn("mike", PASSWORD).status()).isEqualTo(303);

        Http.Response page = mike.get("/devices");
        Http.Response asked = mike.get("/devices?user=admin&name=%25");
        Http.Response csv = mike.get("/devices/export.csv");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(row(laptop)).doesNotContain(row(desk)).doesNotContain(row(tablet))
                .doesNotContain("data-testid=\"bulk-disable\"").doesNotContain("data-testid=\"edit\"")
                .contains("data-testid=\"own-devices-hint\"");
        assertThat(asked.body()).doesNotContain(row(desk)).doesNotContain(row(tablet));
        assertThat(csv.body()).contains("alpha-laptop").doesNotContain("bravo-desk").doesNotContain("charlie-laptop");

        assertThat(mike.get("/devices/" + guid(laptop) + "/edit").status()).isEqualTo(403);
        assertThat(mike.submit("/devices/" + guid(laptop) + "/edit", "alias", "mine", "user", "mike",
                "device_group", "", "strategy", "", "note", "").status()).isEqualTo(403);
        assertThat(mike.submit("/devices/disable", "guid", guid(desk)).status()).isEqualTo(403);
        assertThat(mike.submit("/devices/" + guid(laptop) + "/delete").status()).isEqualTo(403);
        assertThat(mike.submit("/devices/" + guid(laptop) + "/disconnect", "conn", "1").status()).isEqualTo(403);
        assertThat(column("alias", laptop)).isEmpty();
        assertThat(enabled(desk)).isTrue();
        assertThat(guid(laptop)).isNotNull();

        assertThat(new ConsoleBrowser(http).get("/devices").status()).isEqualTo(303);
    }
}
