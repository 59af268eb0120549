package org.rdhub.protocol;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 in NaCl's "combined" form (protocol.md §10.3): the 64-byte signature followed by the message it signs, so
 * the receiver gets the message back only when the signature verifies.
 */
public final class CombinedSignature {
    public static final int SIGNATURE_BYTES = 64;

    private CombinedSignature() {
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.update(message, 0, message.length);
        byte[] signed = Arrays.copyOf(signer.generateSignature(), SIGNATURE_BYTES + message.length);
        System.arraycopy(message, 0, signed, SIGNATURE_BYTES, message.length);
        return signed;
    }

    /** The signed message, or empty when {@code signed} is not a valid signature by {@code publicKey}. */
    public static Optional<byte[]> open(byte[] signed, byte[] publicKey) {
        if (signed.length < SIGNATURE_BYTES || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            return Optional.empty();
        }
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(publicKey, 0);
        } catch (IllegalArgumentException e) {
            // 32 bytes that are no point of the curve: no signature can be by it
            return Optional.empty();
        }
        byte[] message = Arrays.copyOfRange(signed, SIGNATURE_BYTES, signed.length);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(Arrays.copyOf(signed, SIGNATURE_BYTES)) ? Optional.of(message)
                : Optional.empty();
    }
}
