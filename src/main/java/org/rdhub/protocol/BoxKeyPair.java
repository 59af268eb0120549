package org.rdhub.protocol;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/** An X25519 key pair for {@link CryptoBox}; the server makes a fresh one for each connection (protocol.md §10.2). */
public record BoxKeyPair(byte[] publicKey, byte[] secretKey) {
    public static final int KEY_BYTES = 32;

    public static BoxKeyPair generate(SecureRandom random) {
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        return fromSecret(secret);
    }

    public static BoxKeyPair fromSecret(byte[] secretKey) {
        byte[] publicKey = new X25519PrivateKeyParameters(secretKey, 0).generatePublicKey().getEncoded();
        return new BoxKeyPair(publicKey, secretKey.clone());
    }
}
