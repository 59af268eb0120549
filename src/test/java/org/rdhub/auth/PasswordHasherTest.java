package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_new_hash_is_argon2id_with_a_fresh_salt_and_verifies() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify("correct horse", first)).isTrue();
        assertThat(hasher.verify("correct horsE", first)).isFalse();
    }

    @Test
    void verifies_a_hash_made_by_the_reference_argon2_tool() {
        // echo -n 'correct horse' | argon2 'rdhub-salt-1234' -id -t 2 -m 12 -p 1 -e   (Debian package argon2)
        String reference = "$argon2id$v=19$m=4096,t=2,p=1$cmRodWItc2FsdC0xMjM0$kB0UcpQirsIBNHt5y7/Q1V78+z1xL58XxbsL44BqZRo";

        assertThat(hasher.verify("correct horse", reference)).isTrue();
        assertThat(hasher.verify("correct horse!", reference)).isFalse();
    }

    @Test
    void verifies_bcrypt_hashes_from_other_servers() {
        // htpasswd -nbBC 10 x 'correct horse'   (Debian package apache2-utils)
        String bcrypt = "$2y$10$YrH1cGFmXgwid9FkElsaC.tc7pwiFk/2SSHlWwNOkz0mNmpbJJgg6";

        assertThat(hasher.verify("correct horse", bcrypt)).isTrue();
        assertThat(hasher.verify("correct horse", bcrypt.replace("$2y$", "$2a$"))).isTrue();
        assertThat(hasher.verify("wrong horse", bcrypt)).isFalse();
    }

    @Test
    void unreadable_or_hostile_hashes_never_verify() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify(null, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "plain-text-password")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=abc,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$tooShort")).isFalse();
    }
}
