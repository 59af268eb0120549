package org.rdhub.protocol;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's secretbox (XSalsa20-Poly1305, protocol.md §10.3): the first 32 bytes of the XSalsa20 stream are a one-time
 * Poly1305 key, the rest encrypts; the result is the 16-byte tag followed by the ciphertext.
 */
public final class SecretBox {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 24;
    public static final int TAG_BYTES = 16;

    private SecretBox() {
    }

    public static byte[] seal(byte[] plaintext, byte[] nonce, byte[] key) {
        Keystream stream = Keystream.start(nonce, key);
        byte[] box = new byte[TAG_BYTES + plaintext.length];
        stream.cipher.processBytes(plaintext, 0, plaintext.length, box, TAG_BYTES);
        System.arraycopy(stream.tag(box), 0, box, 0, TAG_BYTES);
        return box;
    }

    /** The plaintext, or a {@link SecureChannelException} when the box is short or its tag does not match. */
    public static byte[] open(byte[] box, byte[] nonce, byte[] key) {
        if (box.length < TAG_BYTES) {
            throw new SecureChannelException("decryption error");
        }
        Keystream stream = Keystream.start(nonce, key);
        if (!MessageDigest.isEqual(stream.tag(box), Arrays.copyOf(box, TAG_BYTES))) {
            throw new SecureChannelException("decryption error");
        }
        byte[] plaintext = new byte[box.length - TAG_BYTES];
        stream.cipher.processBytes(box, TAG_BYTES, plaintext.length, plaintext, 0);
        return plaintext;
    }

    /** An XSalsa20 stream positioned after the one-time Poly1305 key it produced. */
    private record Keystream(XSalsa20Engine cipher, byte[] oneTimeKey) {
        static Keystream start(byte[] nonce, byte[] key) {
            if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
                throw new IllegalArgumentException("secretbox takes a 32-byte key and a 24-byte nonce");
            }
            XSalsa20Engine cipher = new XSalsa20Engine();
            cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
            byte[] oneTimeKey = new byte[32];
            cipher.processBytes(new byte[32], 0, 32, oneTimeKey, 0);
            return new Keystream(cipher, oneTimeKey);
        }

        /** Poly1305 of the ciphertext part of {@code box}. */
        byte[] tag(byte[] box) {
            Poly1305 mac = new Poly1305();
            mac.init(new KeyParameter(oneTimeKey));
            mac.update(box, TAG_BYTES, box.length - TAG_BYTES);
            byte[] tag = new byte[TAG_BYTES];
            mac.doFinal(tag, 0);
            return tag;
        }
    }
}
