package org.rdhub.protocol;

/**
 * The encrypted state of one TCP connection after the key exchange (protocol.md §10.4): every payload is a secretbox
 * under the session key, with a nonce made of a per-direction counter that starts at 0 and is incremented before use.
 * Not thread-safe: a connection's frames are handled one at a time, in order.
 */
public final class SecureChannel {
    private final byte[] key;
    private long sent;
    private long received;

    public SecureChannel(byte[] sessionKey) {
        if (sessionKey.length != SecretBox.KEY_BYTES) {
            throw new IllegalArgumentException("the session key is 32 bytes");
        }
        this.key = sessionKey.clone();
    }

    /** The payload of the next outgoing frame. Heartbeats skip this and go out as the plain empty frame. */
    public byte[] seal(byte[] plaintext) {
        return SecretBox.seal(plaintext, nonce(++sent), key);
    }

    /**
     * The plaintext of an incoming frame's payload. Payloads of 0 or 1 bytes are passed through as they are, without
     * using a counter, as the client does; anything else that does not open throws {@link SecureChannelException}.
     */
    public byte[] open(byte[] payload) {
        if (payload.length <= 1) {
            return payload;
        }
        return SecretBox.open(payload, nonce(++received), key);
    }

    /** 24 bytes: the counter little-endian in the first 8, zeros after. */
    static byte[] nonce(long counter) {
        byte[] nonce = new byte[SecretBox.NONCE_BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[i] = (byte) (counter >>> (8 * i));
        }
        return nonce;
    }
}
