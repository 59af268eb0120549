package org.rdhub.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

/** Presets that put a device into a shared address book: {@code rustdesk --assign} and a custom client's sysinfo. */
class BookPresetsTest extends OnEachDatabase {
    private RustDeskClient client;

    @BeforeEach
    void fixture() {
        server.app().database().useTransaction(h -> {
            String book = "INSERT INTO address_books (guid, name, owner_user_id, personal, created_at, updated_at)"
                    + " SELECT ?, ?, id, FALSE, 1, 1 FROM users WHERE name = 'admin'";
            h.execute(book, "ab-shop", "Shop");
            h.execute("INSERT INTO address_book_tags (address_book_id, name, color)"
                    + " SELECT id, 'tills', 4288423856 FROM address_books WHERE guid = 'ab-shop'");
        });
        client = new RustDeskClient(http, "123456789", "bWFjaGluZS1pZC0x");
    }

    private Http.Response assign(String fields) {
        return http.postJson("/api/devices/cli", "{\"id\":\"" + client.id() + "\",\"uuid\":\"" + client.uuid() + "\","
                + fields + "}", bearer(server.apiToken(Resource.DEVICE, Level.READ_WRITE)));
    }

    private List<Map<String, Object>> entries() {
        return server.app().database().withHandle(h -> h.createQuery("""
                SELECT p.rustdesk_id, p.alias, p.note, p.tags, p.password, p.hostname, p.platform
                FROM address_book_peers p JOIN address_books b ON b.id = p.address_book_id
                WHERE b.guid = 'ab-shop'""").mapToMap().list());
    }

    private Map<String, Long> tags() {
        return server.app().database().withHandle(h -> h.createQuery("""
                SELECT t.name, t.color FROM address_book_tags t JOIN address_books b ON b.id = t.address_book_id
                WHERE b.guid = 'ab-shop' ORDER BY t.name""")
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getLong("color"))).list()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void assign_puts_the_device_into_the_named_book_with_its_tag_alias_password_and_note() {
        client.sysinfo();

        var reply = assign("\"address_book_name\":\"shop\",\"address_book_tag\":\"kiosks\","
                + "\"address_book_alias\":\"Till 3\",\"address_book_password\":\"pw-3\",\"address_book_note\":\"aisle 3\"");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(entries()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("rustdesk_id", "123456789").containsEntry("alias", "Till 3")
                .containsEntry("note", "aisle 3").containsEntry("tags", "[\"kiosks\"]")
                .containsEntry("password", "pw-3").containsEntry("platform", "Linux"));
        assertThat(tags()).containsEntry("kiosks", BookPresets.NEW_TAG_COLOR).containsEntry("tills", 4288423856L);
    }

    @Test
    void assigning_again_adds_the_tag_and_keeps_what_it_does_not_set() {
        client.sysinfo();
        assign("\"address_book_name\":\"Shop\",\"address_book_tag\":\"tills\",\"address_book_alias\":\"Till 3\"");

        assign("\"address_book_name\":\"Shop\",\"address_book_tag\":\"kiosks\"");

        assertThat(entries()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("alias", "Till 3").containsEntry("tags", "[\"tills\",\"kiosks\"]"));
    }

    @Test
    void an_unknown_book_or_a_book_field_without_a_name_changes_nothing() {
        client.sysinfo();

        var unknown = assign("\"note\":\"moved\",\"address_book_name\":\"Warehouse\"");
        var nameless = assign("\"note\":\"moved\",\"address_book_tag\":\"tills\"");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"No shared address book named 'Warehouse'\"}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body())
                .isEqualTo("{\"error\":\"address_book_name is required with the other address_book_* fields\"}");
        String note = server.app().database().withHandle(h -> h.createQuery(
                "SELECT note FROM devices WHERE rustdesk_id = '123456789'").mapTo(String.class).one());
        assertThat(note).isEmpty();
        assertThat(entries()).isEmpty();
    }

    @Test
    void a_new_tag_past_the_tag_limit_refuses_the_assignment_but_an_existing_tag_fits() {
        client.sysinfo();
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK, "1");

        var newTag = assign("\"address_book_name\":\"Shop\",\"address_book_tag\":\"kiosks\"");
        assertThat(newTag.status()).isEqualTo(403);
        assertThat(newTag.body()).isEqualTo("{\"error\":\"An address book may hold at most 1 tags\"}");
        assertThat(entries()).isEmpty();

        assertThat(assign("\"address_book_name\":\"Shop\",\"address_book_tag\":\"tills\"").status()).isEqualTo(200);
        assertThat(entries()).singleElement().satisfies(entry -> assertThat(entry).containsEntry("tags", "[\"tills\"]"));
    }

    @Test
    void a_custom_clients_first_sysinfo_puts_it_into_the_preset_book() {
        var reply = client.sysinfo("\"preset-address-book-name\":\"Shop\",\"preset-address-book-tag\":\"tills\","
                + "\"preset-address-book-alias\":\"Front till\",\"preset-address-book-note\":\"by the door\"");

        assertThat(reply.body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(entries()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("alias", "Front till").containsEntry("note", "by the door")
                .containsEntry("tags", "[\"tills\"]"));
    }

    @Test
    void a_device_already_in_the_book_keeps_its_entry_when_the_preset_sets_only_the_tag() {
        server.app().database().useTransaction(h -> h.execute("INSERT INTO address_book_peers (address_book_id,"
                + " rustdesk_id, alias, note, created_at, updated_at) SELECT id, '123456789', 'Till 3', 'aisle 3', 1, 1"
                + " FROM address_books WHERE guid = 'ab-shop'"));

        client.sysinfo("\"preset-address-book-name\":\"Shop\",\"preset-address-book-tag\":\"tills\"");

        assertThat(entries()).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("alias", "Till 3").containsEntry("note", "aisle 3").containsEntry("tags", "[\"tills\"]"));
    }

    @Test
    void a_preset_book_that_does_not_exist_does_not_stop_the_device_registering() {
        var reply = client.sysinfo("\"preset-address-book-name\":\"Nowhere\"");

        assertThat(reply.body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(entries()).isEmpty();
    }
}
