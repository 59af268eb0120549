package org.rdhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import org.junit.jupiter.api.Test;
import org.rdhub.db.Database;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;

/** The schema and first-start data on each database, and that everything survives a restart. */
class StorageTest extends OnEachDatabase {

    private long count(String sql) {
        return server.app().database().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void first_start_creates_the_admin_the_default_group_and_the_default_strategy() {
        assertThat(count("SELECT COUNT(*) FROM users WHERE name = 'admin' AND is_admin = TRUE")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_groups WHERE name = 'Default'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM strategies WHERE name = 'Default'")).isEqualTo(1);
        assertThat(server.app().users().adminsWithInitialPassword()).containsExactly("admin");
    }

    @Test
    void data_survives_a_restart_and_the_initial_data_is_not_made_again() {
        server.app().users().resetPassword(new Caller.CommandLine(), "admin", "changed-password");
        String token = server.apiToken(Resource.USER, Level.READ);

        server.restart();

        http = server.http();
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"changed-password\"}").status())
                .isEqualTo(200);
        assertThat(http.postJson("/api/login", "{\"username\":\"admin\",\"password\":\"test1234\"}").status())
                .isEqualTo(401);
        assertThat(http.get("/api/users", bearer(token)).json().get("total").asLong()).isEqualTo(1);
        assertThat(server.app().users().adminsWithInitialPassword()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM user_groups")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM strategies")).isEqualTo(1);
    }

    /** True when the database rejects the statement. */
    private boolean refused(String sql) {
        try {
            server.app().database().withHandle(h -> h.createUpdate(sql).execute());
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Test
    void names_are_unique_whatever_their_case() {
        assertThat(refused("INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES ('g', 'DEFAULT', 0, 0)"))
                .isTrue();
    }

    @Test
    void foreign_keys_are_enforced() {
        assertThat(refused("INSERT INTO users (guid, name, group_id, created_at, updated_at) VALUES ('u', 'x', 9999, 0, 0)"))
                .isTrue();
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);
    }

    @Test
    void unsigned_colours_and_session_ids_fit_their_columns() {
        server.app().database().useTransaction(h -> {
            long userId = h.createQuery("SELECT id FROM users").mapTo(Long.class).one();
            h.createUpdate("INSERT INTO address_books (guid, name, owner_user_id, personal, created_at, updated_at)"
                    + " VALUES ('ab', 'My', :u, TRUE, 0, 0)").bind("u", userId).execute();
            long bookId = h.createQuery("SELECT id FROM address_books").mapTo(Long.class).one();
            h.createUpdate("INSERT INTO address_book_tags (address_book_id, name, color) VALUES (:b, 'red', :c)")
                    .bind("b", bookId).bind("c", 4288423856L).execute();
            h.createUpdate("INSERT INTO connection_audits (guid, device_id, session_id, created_at)"
                    + " VALUES ('c', '123', :s, 0)").bind("s", Long.toUnsignedString(-1L)).execute();
        });

        assertThat(count("SELECT color FROM address_book_tags")).isEqualTo(4288423856L);
        String sessionId = server.app().database().withHandle(h -> h.createQuery(
                "SELECT session_id FROM connection_audits").mapTo(String.class).one());
        assertThat(sessionId).isEqualTo("18446744073709551615");
    }

    @Test
    void a_unique_index_refusing_a_row_is_told_apart_from_other_faults() {
        RuntimeException duplicate = catchRuntime(() -> server.app().database().useTransaction(h -> h.execute(
                "INSERT INTO user_groups (guid, name, created_at, updated_at) VALUES ('g-x', 'DEFAULT', 1, 1)")));
        RuntimeException missingTable = catchRuntime(() -> server.app().database().useTransaction(h -> h.execute(
                "INSERT INTO no_such_table (x) VALUES (1)")));

        assertThat(Database.isUniqueViolation(duplicate)).as("Default exists; names are unique ignoring case").isTrue();
        assertThat(Database.isUniqueViolation(missingTable)).isFalse();
    }

    private static RuntimeException catchRuntime(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the statement to fail");
    }
}
