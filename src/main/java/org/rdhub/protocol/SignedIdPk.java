package org.rdhub.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.rdhub.protocol.wire.IdPk;

/**
 * A peer's ID and Ed25519 key signed by the server (protocol.md §8.4, §10.6): the {@code pk} field of
 * {@code PunchHoleResponse} and {@code RelayResponse}, which the connecting client checks against its configured key
 * before trusting the peer's own signed handshake.
 */
public final class SignedIdPk {
    private SignedIdPk() {
    }

    public static byte[] sign(ServerKey serverKey, String id, byte[] peerKey) {
        return serverKey.sign(IdPk.newBuilder().setId(id).setPk(ByteString.copyFrom(peerKey)).build().toByteArray());
    }

    /** What the connecting client reads: the {@code IdPk}, when the signature is the server's. */
    public static Optional<IdPk> verify(byte[] signed, byte[] serverPublicKey) {
        return CombinedSignature.open(signed, serverPublicKey).flatMap(message -> {
            try {
                return Optional.of(IdPk.parseFrom(message));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }
}
