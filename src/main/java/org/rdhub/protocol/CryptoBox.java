package org.rdhub.protocol;

import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * NaCl's crypto_box (protocol.md §10.3): X25519 between one side's secret and the other's public key, HSalsa20 of the
 * result to a secretbox key, then {@link SecretBox}.
 */
public final class CryptoBox {
    private static final byte[] ZERO_INPUT = new byte[16];

    private CryptoBox() {
    }

    public static byte[] seal(byte[] plaintext, byte[] nonce, byte[] theirPublic, byte[] ourSecret) {
        return SecretBox.seal(plaintext, nonce, sharedKey(theirPublic, ourSecret));
    }

    /** The plaintext, or a {@link SecureChannelException} when the box does not open. */
    public static byte[] open(byte[] box, byte[] nonce, byte[] theirPublic, byte[] ourSecret) {
        return SecretBox.open(box, nonce, sharedKey(theirPublic, ourSecret));
    }

    /** The secretbox key both sides derive; the same from either side's secret and the other's public key. */
    static byte[] sharedKey(byte[] theirPublic, byte[] ourSecret) {
        if (theirPublic.length != BoxKeyPair.KEY_BYTES || ourSecret.length != BoxKeyPair.KEY_BYTES) {
            throw new IllegalArgumentException("crypto_box keys are 32 bytes");
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(new X25519PrivateKeyParameters(ourSecret, 0));
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(theirPublic, 0), shared, 0);
        } catch (IllegalStateException e) {
            // a low-order public key gives an all-zero result, which NaCl refuses too
            throw new SecureChannelException("Handshake failed: box decryption failure");
        }
        return HSalsa20.hash(shared, ZERO_INPUT);
    }
}
