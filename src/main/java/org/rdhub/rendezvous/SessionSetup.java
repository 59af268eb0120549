package org.rdhub.rendezvous;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.rdhub.protocol.AddrMangle;
import org.rdhub.protocol.ServerKey;
import org.rdhub.protocol.SignedIdPk;
import org.rdhub.protocol.wire.FetchLocalAddr;
import org.rdhub.protocol.wire.LocalAddr;
import org.rdhub.protocol.wire.PunchHole;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.PunchHoleResponse;
import org.rdhub.protocol.wire.PunchHoleSent;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * Setting up a session by punch hole (protocol.md §8), without sockets: A's request is checked and turned into a
 * message for B, A waits (as a callback) under its address until B's answer comes back, signed with B's key.
 * A waiting A is forgotten when its connection closes, so the map is bounded by the open connections.
 */
final class PunchHoles {
    /** What to do with A's request: answer A at once, or send {@code message} to B's UDP address. */
    sealed interface Outcome permits Refused, Forward {
    }

    record Refused(RendezvousMessage toA) implements Outcome {
    }

    record Forward(InetSocketAddress toB, RendezvousMessage message) implements Outcome {
    }

    private final RendezvousService registry;
    private final ServerKey serverKey;
    private final Map<InetSocketAddress, Consumer<RendezvousMessage>> waiting = new ConcurrentHashMap<>();

    PunchHoles(RendezvousService registry, ServerKey serverKey) {
        this.registry = registry;
        this.serverKey = serverKey;
    }

    /** §8.2: the key check, the lookup, the online check, then PunchHole or (same public IP) FetchLocalAddr. */
    Outcome request(PunchHoleRequest request, InetSocketAddress a, Consumer<RendezvousMessage> answerA) {
        if (!request.getLicenceKey().equals(serverKey.publicKeyBase64())) {
            return refused(PunchHoleResponse.Failure.LICENSE_MISMATCH);
        }
        if (!registry.isKnown(request.getId())) {
            return refused(PunchHoleResponse.Failure.ID_NOT_EXIST);
        }
        Optional<Peer> b = registry.onlinePeer(request.getId());
        if (b.isEmpty()) {
            return refused(PunchHoleResponse.Failure.OFFLINE);
        }
        InetSocketAddress bAddress = b.get().address();
        waiting.put(normalised(a), answerA);
        byte[] aMangled = AddrMangle.encode(a);
        if (a.getAddress().equals(bAddress.getAddress())) {
            return new Forward(bAddress, RendezvousMessage.newBuilder().setFetchLocalAddr(FetchLocalAddr.newBuilder()
                    .setSocketAddr(ByteString.copyFrom(aMangled))
                    .setSocketAddrV6(request.getSocketAddrV6())).build());
        }
        return new Forward(bAddress, RendezvousMessage.newBuilder().setPunchHole(PunchHole.newBuilder()
                .setSocketAddr(ByteString.copyFrom(aMangled))
                .setNatType(request.getNatType())
                .setUdpPort(request.getUdpPort())
                .setForceRelay(request.getForceRelay())
                .setUpnpPort(request.getUpnpPort())
                .setSocketAddrV6(request.getSocketAddrV6())).build());
    }

    /** §8.4: B's TCP answer to PunchHole; A learns B's address as RS saw it. */
    void holeSent(PunchHoleSent sent, InetSocketAddress b) {
        answer(sent.getSocketAddr().toByteArray(), sent.getId(), PunchHoleResponse.newBuilder()
                .setSocketAddr(ByteString.copyFrom(AddrMangle.encode(b)))
                .setRelayServer(sent.getRelayServer())
                .setNatType(sent.getNatType())
                .setUpnpPort(sent.getUpnpPort())
                .setSocketAddrV6(sent.getSocketAddrV6()));
    }

    /** §8.4: B's answer to FetchLocalAddr; A learns B's LAN address. */
    void localAddr(LocalAddr local) {
        answer(local.getSocketAddr().toByteArray(), local.getId(), PunchHoleResponse.newBuilder()
                .setSocketAddr(local.getLocalAddr())
                .setRelayServer(local.getRelayServer())
                .setIsLocal(true)
                .setSocketAddrV6(local.getSocketAddrV6()));
    }

    /** A's connection closed: it waits no more. */
    void cancel(InetSocketAddress a, Consumer<RendezvousMessage> answerA) {
        waiting.remove(normalised(a), answerA);
    }

    private void answer(byte[] mangledA, String bId, PunchHoleResponse.Builder response) {
        Consumer<RendezvousMessage> answerA = waiting.remove(normalised(AddrMangle.decode(mangledA)));
        if (answerA == null) {
            return;
        }
        registry.peer(bId).ifPresent(b -> response.setPk(
                ByteString.copyFrom(SignedIdPk.sign(serverKey, bId, b.pk()))));
        answerA.accept(RendezvousMessage.newBuilder().setPunchHoleResponse(response).build());
    }

    private static Refused refused(PunchHoleResponse.Failure failure) {
        return new Refused(RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder().setFailure(failure)).build());
    }

    /** IPv4-mapped addresses count as IPv4 (§8.2 step 7): the same normalisation the address encoding does. */
    private static InetSocketAddress normalised(InetSocketAddress address) {
        return AddrMangle.decode(AddrMangle.encode(address, 0));
    }
}
