package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.access.Caller;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

class ConsoleSessionsTest extends OnEachDatabase {
    ConsoleSessions sessions;
    User admin;

    @BeforeEach
    void start() {
        sessions = server.app().consoleSessions();
        admin = server.app().database().withHandle(h -> new UserStore().findByName(h, "admin")).orElseThrow();
    }

    private Caller who(String secret) {
        return sessions.authenticate(secret, "10.0.0.1");
    }

    private long rows() {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM console_sessions")
                .mapTo(Long.class).one());
    }

    @Test
    void a_started_session_identifies_its_user_and_an_unknown_secret_nobody() {
        String secret = sessions.start(admin, "10.0.0.1", "Firefox");

        assertThat(who(secret)).isEqualTo(new Caller.User(admin.id(), "admin", true, "10.0.0.1", true));
        assertThat(who("forged")).isInstanceOf(Caller.Anonymous.class);
        assertThat(who(null)).isInstanceOf(Caller.Anonymous.class);
    }

    @Test
    void use_keeps_a_session_alive_and_two_idle_hours_end_it() {
        String secret = sessions.start(admin, "", "");

        server.clock().advance(Duration.ofMinutes(110));
        assertThat(who(secret)).isInstanceOf(Caller.User.class);
        server.app().tokenUsage().flush();
        server.clock().advance(Duration.ofMinutes(110));
        assertThat(who(secret)).as("used 110 minutes ago").isInstanceOf(Caller.User.class);
        server.clock().advance(ConsoleSessions.IDLE_TIMEOUT);
        assertThat(who(secret)).isInstanceOf(Caller.Anonymous.class);
    }

    @Test
    void no_session_outlives_seven_days_however_busy() {
        String secret = sessions.start(admin, "", "");
        for (int hour = 1; hour < 7 * 24; hour++) {
            server.clock().advance(Duration.ofHours(1));
            assertThat(who(secret)).isInstanceOf(Caller.User.class);
        }

        server.clock().advance(Duration.ofHours(1));

        assertThat(who(secret)).isInstanceOf(Caller.Anonymous.class);
    }

    @Test
    void ending_a_session_or_disabling_the_user_signs_the_browser_out() {
        String ended = sessions.start(admin, "", "");
        String other = sessions.start(admin, "", "");

        sessions.end(ended);
        sessions.end(ended);

        assertThat(who(ended)).isInstanceOf(Caller.Anonymous.class);
        assertThat(who(other)).isInstanceOf(Caller.User.class);
        server.app().database().withHandle(h -> h.createUpdate("UPDATE users SET status = 0").execute());
        assertThat(who(other)).isInstanceOf(Caller.Anonymous.class);
    }

    @Test
    void a_password_reset_ends_every_session_of_the_user() {
        String secret = sessions.start(admin, "", "");

        server.app().users().resetPassword(new Caller.CommandLine(), "admin", "another-password");

        assertThat(who(secret)).isInstanceOf(Caller.Anonymous.class);
        assertThat(rows()).isZero();
    }

    @Test
    void starting_a_session_clears_out_expired_ones() {
        sessions.start(admin, "", "");
        sessions.start(admin, "", "");
        server.clock().advance(Duration.ofHours(3));

        sessions.start(admin, "", "");

        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void only_the_hash_of_the_secret_is_stored() {
        String secret = sessions.start(admin, "", "a".repeat(2000));

        var row = server.app().database().withHandle(h -> h.createQuery(
                "SELECT token_hash, user_agent FROM console_sessions").mapToMap().one());
        assertThat(row.get("token_hash")).isEqualTo(SecretTokens.hash(secret));
        assertThat(row.get("user_agent").toString()).hasSize(512);
    }
}
