package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdhub.config.ConfigException;

class ServerKeyTest {
    // RFC 8032 §7.1 test 1: the seed and its public key; libsodium (and so hbbs) stores seed || public key
    private static final byte[] SEED = HexFormat.of().parseHex(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = HexFormat.of().parseHex(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @TempDir
    Path dataDir;

    private static String hbbsSecretFile() {
        byte[] secret = new byte[64];
        System.arraycopy(SEED, 0, secret, 0, 32);
        System.arraycopy(PUBLIC, 0, secret, 32, 32);
        return Base64.getEncoder().encodeToString(secret);
    }

    @Test
    void a_key_pair_written_by_hbbs_is_used_as_it_is() throws IOException {
        Files.writeString(dataDir.resolve("id_ed25519"), hbbsSecretFile() + "\n");

        ServerKey key = ServerKey.loadOrCreate(dataDir);

        assertThat(key.publicKeyBase64()).isEqualTo(Base64.getEncoder().encodeToString(PUBLIC));
        // hbbs's .pub was not copied along: it is written again from the secret key
        assertThat(Files.readString(dataDir.resolve("id_ed25519.pub"))).isEqualTo(key.publicKeyBase64());
    }

    @Test
    void the_first_start_writes_both_files_as_hbbs_does_and_the_next_start_reads_them() throws IOException {
        ServerKey made = ServerKey.loadOrCreate(dataDir);

        String pub = Files.readString(dataDir.resolve("id_ed25519.pub"), StandardCharsets.US_ASCII);
        String secret = Files.readString(dataDir.resolve("id_ed25519"), StandardCharsets.US_ASCII);
        assertThat(pub).isEqualTo(made.publicKeyBase64()).doesNotContain("/", ":", "\n").hasSize(44);
        byte[] secretBytes = Base64.getDecoder().decode(secret);
        assertThat(secretBytes).hasSize(64);
        assertThat(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(secretBytes, 32, 64)))
                .isEqualTo(pub);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("id_ed25519"))))
                .isEqualTo("rw-------");
        assertThat(ServerKey.loadOrCreate(dataDir).publicKeyBase64()).isEqualTo(made.publicKeyBase64());
    }

    @Test
    void generated_public_keys_never_hold_a_slash_or_a_colon() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            assertThat(ServerKey.generate(random).publicKeyBase64()).doesNotContain("/", ":");
        }
    }

    @Test
    void a_malformed_or_mismatched_secret_key_stops_the_start_with_a_clear_reason() throws IOException {
        Files.writeString(dataDir.resolve("id_ed25519"), "not base64!");
        assertThatThrownBy(() -> ServerKey.loadOrCreate(dataDir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Malformed private key");

        byte[] wrong = Base64.getDecoder().decode(hbbsSecretFile());
        wrong[40] ^= 1;
        Files.writeString(dataDir.resolve("id_ed25519"), Base64.getEncoder().encodeToString(wrong));
        assertThatThrownBy(() -> ServerKey.loadOrCreate(dataDir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not belong");
    }
}
