package org.rdhub.protocol;

/**
 * The secure channel cannot go on: a failed key exchange or a frame that does not decrypt. The connection must be
 * closed; the message uses the client's wording where it has one (protocol.md §10.2, §10.4).
 */
public final class SecureChannelException extends RuntimeException {
    public SecureChannelException(String message) {
        super(message);
    }
}
