package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The public reference values protocol.md §10.7 anchors the primitives to. */
class CryptoPrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 7748 §6.1
    private static final byte[] ALICE_SECRET =
            HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC =
            HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_SECRET =
            HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC =
            HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    // NaCl's crypto_box test: HSalsa20 of the RFC 7748 shared secret, its nonce and 131-byte message
    private static final String FIRST_KEY = "1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389";
    private static final byte[] NONCE = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static final byte[] MESSAGE = HEX.parseHex(
            "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
            + "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
            + "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
            + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
            + "5e0705");

    @Test
    void box_key_pairs_and_the_shared_key_match_rfc_7748_and_nacl() {
        assertThat(BoxKeyPair.fromSecret(ALICE_SECRET).publicKey()).isEqualTo(ALICE_PUBLIC);
        assertThat(BoxKeyPair.fromSecret(BOB_SECRET).publicKey()).isEqualTo(BOB_PUBLIC);

        assertThat(HEX.formatHex(CryptoBox.sharedKey(BOB_PUBLIC, ALICE_SECRET))).isEqualTo(FIRST_KEY);
        assertThat(HEX.formatHex(CryptoBox.sharedKey(ALICE_PUBLIC, BOB_SECRET))).isEqualTo(FIRST_KEY);
    }

    @Test
    void hsalsa20_of_the_rfc_7748_shared_secret_is_nacls_first_key() {
        byte[] shared = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

        assertThat(HEX.formatHex(HSalsa20.hash(shared, new byte[16]))).isEqualTo(FIRST_KEY);
    }

    @Test
    void crypto_box_of_nacls_test_message_starts_with_its_tag_and_opens_from_the_other_side() {
        byte[] box = CryptoBox.seal(MESSAGE, NONCE, BOB_PUBLIC, ALICE_SECRET);

        assertThat(box).hasSize(16 + 131);
        assertThat(HEX.formatHex(box, 0, 16)).isEqualTo("f3ffc7703f9400e52a7dfb4b3d3305d9");
        assertThat(HEX.formatHex(box)).endsWith("e355a5");
        assertThat(CryptoBox.open(box, NONCE, ALICE_PUBLIC, BOB_SECRET)).isEqualTo(MESSAGE);
    }

    @Test
    void a_secretbox_with_one_bit_changed_or_too_short_does_not_open() {
        byte[] key = HEX.parseHex(FIRST_KEY);
        byte[] box = SecretBox.seal(MESSAGE, NONCE, key);

        for (int index : new int[] {0, 15, 16, box.length - 1}) {
            byte[] tampered = box.clone();
            tampered[index] ^= 1;
            assertThatThrownBy(() -> SecretBox.open(tampered, NONCE, key))
                    .isInstanceOf(SecureChannelException.class).hasMessage("decryption error");
        }
        assertThatThrownBy(() -> SecretBox.open(new byte[15], NONCE, key))
                .isInstanceOf(SecureChannelException.class);
        assertThat(SecretBox.open(SecretBox.seal(new byte[0], NONCE, key), NONCE, key)).isEmpty();
    }

    @Test
    void combined_signatures_match_rfc_8032_test_1_and_refuse_another_key() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        byte[] signed = CombinedSignature.sign(seed, new byte[0]);

        assertThat(HEX.formatHex(signed)).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(CombinedSignature.open(signed, publicKey)).contains(new byte[0]);
        assertThat(CombinedSignature.open(signed, ALICE_PUBLIC)).isEmpty();
        assertThat(CombinedSignature.open(new byte[63], publicKey)).isEmpty();
    }
}
