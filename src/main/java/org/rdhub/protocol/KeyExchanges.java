package org.rdhub.protocol;

import com.google.protobuf.ByteString;
import org.rdhub.protocol.wire.KeyExchange;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * The two {@code KeyExchange} messages of the secure TCP handshake (protocol.md §10.2): the server's signed box key,
 * sent first on every plain TCP connection to the rendezvous port, and the client's reply carrying the session key
 * sealed to it. Both sides are here: the server's for rdhub, the client's for tests and tools.
 */
public final class KeyExchanges {
    /** crypto_box here always uses the all-zero nonce: each box key pair seals exactly one message. */
    private static final byte[] ZERO_NONCE = new byte[SecretBox.NONCE_BYTES];

    private KeyExchanges() {
    }

    /** The server's first message: its box public key, signed (combined form) with the server key. */
    public static RendezvousMessage serverHello(ServerKey serverKey, BoxKeyPair serverBox) {
        byte[] signed = serverKey.sign(serverBox.publicKey());
        return RendezvousMessage.newBuilder()
                .setKeyExchange(KeyExchange.newBuilder().addKeys(ByteString.copyFrom(signed)))
                .build();
    }

    /**
     * The session key from the client's reply: its box public key, then the key sealed to the server's box key.
     * Throws {@link SecureChannelException} when the reply does not hold together; the connection is then closed.
     */
    public static byte[] openClientReply(KeyExchange reply, BoxKeyPair serverBox) {
        if (reply.getKeysCount() != 2) {
            throw new SecureChannelException("Handshake failed: invalid key exchange message");
        }
        byte[] clientPublic = reply.getKeys(0).toByteArray();
        if (clientPublic.length != BoxKeyPair.KEY_BYTES) {
            throw new SecureChannelException("Handshake failed: pk length " + clientPublic.length);
        }
        byte[] sessionKey;
        try {
            sessionKey = CryptoBox.open(reply.getKeys(1).toByteArray(), ZERO_NONCE, clientPublic,
                    serverBox.secretKey());
        } catch (SecureChannelException e) {
            throw new SecureChannelException("Handshake failed: box decryption failure");
        }
        if (sessionKey.length != SecretBox.KEY_BYTES) {
            throw new SecureChannelException("Handshake failed: invalid secret key length from peer");
        }
        return sessionKey;
    }

    /**
     * What a client does with the server's first message: verify it with the configured server key and return the
     * server's box public key, or throw {@link SecureChannelException} with the client's wording.
     */
    public static byte[] verifyServerHello(KeyExchange hello, byte[] serverPublicKey) {
        if (hello.getKeysCount() != 1) {
            throw new SecureChannelException("Handshake failed: invalid key exchange message");
        }
        byte[] boxPublic = CombinedSignature.open(hello.getKeys(0).toByteArray(), serverPublicKey)
                .orElseThrow(() -> new SecureChannelException("Signature mismatch in key exchange"));
        if (boxPublic.length != BoxKeyPair.KEY_BYTES) {
            throw new SecureChannelException("Wrong their public length in key exchange");
        }
        return boxPublic;
    }

    /** The client's reply: its box public key and {@code sessionKey} sealed to the server's box key. */
    public static RendezvousMessage clientReply(byte[] serverBoxPublic, BoxKeyPair clientBox, byte[] sessionKey) {
        byte[] sealed = CryptoBox.seal(sessionKey, ZERO_NONCE, serverBoxPublic, clientBox.secretKey());
        return RendezvousMessage.newBuilder()
                .setKeyExchange(KeyExchange.newBuilder()
                        .addKeys(ByteString.copyFrom(clientBox.publicKey()))
                        .addKeys(ByteString.copyFrom(sealed)))
                .build();
    }
}
