package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rdhub.support.TestClock;

class LoginThrottleTest {
    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void an_account_locks_after_five_failures_and_each_further_failure_doubles_the_lock() {
        for (int i = 1; i < LoginThrottle.ACCOUNT_FREE_FAILURES; i++) {
            assertThat(throttle.failed("Alice", "10.0.0." + i)).isEmpty();
        }
        var lock = throttle.failed("alice", "10.0.0.9");

        assertThat(lock).hasValueSatisfying(l -> {
            assertThat(l.address()).isFalse();
            assertThat(l.duration()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(throttle.lockedFor("ALICE", "192.168.0.1")).hasValue(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("bob", "192.168.0.1")).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("alice", "192.168.0.1")).isEmpty();
        assertThat(throttle.failed("alice", "10.0.0.9")).hasValueSatisfying(l ->
                assertThat(l.duration()).isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void the_account_lock_stops_at_an_hour_and_a_success_clears_it() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertThat(throttle.lockedFor("alice", "x")).hasValue(Duration.ofHours(1));

        throttle.succeeded("alice");

        assertThat(throttle.lockedFor("alice", "x")).isEmpty();
    }

    @Test
    void an_address_that_tries_many_accounts_is_locked_for_ten_minutes() {
        for (int i = 1; i < LoginThrottle.ADDRESS_MAX_FAILURES; i++) {
            throttle.failed("user" + i, "203.0.113.7");
        }
        var lock = throttle.failed("user-last", "203.0.113.7");

        assertThat(lock).hasValueSatisfying(l -> assertThat(l.address()).isTrue());
        assertThat(throttle.lockedFor("somebody-else", "203.0.113.7")).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.lockedFor("somebody-else", "203.0.113.8")).isEmpty();
    }

    @Test
    void address_failures_spread_over_more_than_ten_minutes_do_not_lock() {
        for (int i = 0; i < LoginThrottle.ADDRESS_MAX_FAILURES * 2; i++) {
            throttle.failed("user" + i, "203.0.113.7");
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(throttle.lockedFor("new-user", "203.0.113.7")).isEmpty();
    }
}
