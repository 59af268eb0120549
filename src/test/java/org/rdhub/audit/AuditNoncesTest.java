package org.rdhub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rdhub.support.TestClock;

class AuditNoncesTest {
    final TestClock clock = new TestClock();

    @Test
    void a_nonce_is_claimed_once_for_five_minutes() {
        var nonces = new AuditNonces(clock, 10);
        assertThat(nonces.claim("a")).isTrue();
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(nonces.claim("a")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.claim("a")).isTrue();
    }

    @Test
    void a_released_nonce_can_be_claimed_again() {
        var nonces = new AuditNonces(clock, 10);
        nonces.claim("a");
        nonces.release("a");
        assertThat(nonces.claim("a")).isTrue();
    }

    @Test
    void beyond_its_capacity_the_oldest_nonce_is_forgotten() {
        var nonces = new AuditNonces(clock, 3);
        for (String nonce : new String[] {"a", "b", "c", "d"}) {
            assertThat(nonces.claim(nonce)).isTrue();
        }
        assertThat(nonces.claim("b")).isFalse();
        assertThat(nonces.claim("a")).isTrue();
    }
}
