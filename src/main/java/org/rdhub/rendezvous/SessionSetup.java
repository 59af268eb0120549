package org.rdhub.rendezvous;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rdhub.access.ConnectAccess;
import org.rdhub.protocol.AddrMangle;
import org.rdhub.protocol.ServerKey;
import org.rdhub.protocol.SignedIdPk;
import org.rdhub.protocol.wire.FetchLocalAddr;
import org.rdhub.protocol.wire.LocalAddr;
import org.rdhub.protocol.wire.PunchHole;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.PunchHoleResponse;
import org.rdhub.protocol.wire.PunchHoleSent;
import org.rdhub.protocol.wire.RelayResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.RequestRelay;

/**
 * Introducing A to B, without sockets: by punch hole (protocol.md §8) or through a relay (§9). A's request is
 * checked and turned into a message for B; A waits (as a callback) under its address until B's answer, which echoes
 * that address, comes back and is passed on with B's key signed. A waiting A is forgotten when its connection
 * closes, so the map is bounded by the open connections.
 */
final class SessionSetup {
    /** What to do with A's request: answer A at once, or send {@code message} to B. */
    sealed interface Outcome permits Refused, Forward {
    }

    record Refused(RendezvousMessage toA) implements Outcome {
    }

    record Forward(PeerLink toB, RendezvousMessage message) implements Outcome {
    }

    /** A's refusals on the relay path, in the words the client shows for the same failures on the punch path. */
    static final String ID_NOT_EXIST = "ID does not exist";
    static final String OFFLINE = "Remote desktop is offline";

    private final RendezvousService registry;
    private final ConnectAccess access;
    private final ServerKey serverKey;
    private final Supplier<List<String>> relayServers;
    private final AtomicInteger nextRelay = new AtomicInteger();
    private final Map<InetSocketAddress, Consumer<RendezvousMessage>> waiting = new ConcurrentHashMap<>();

    /** @param relayServers the relays to hand out, in turn; none leaves the choice to the clients (§1) */
    SessionSetup(RendezvousService registry, ConnectAccess access, ServerKey serverKey,
            Supplier<List<String>> relayServers) {
        this.registry = registry;
        this.access = access;
        this.serverKey = serverKey;
        this.relayServers = relayServers;
    }

    /**
     * §8.2: the key check, the access rules for A's login (§11.2), the lookup, the online check, then PunchHole or
     * (same public IP, A not on WebSocket, which only relays) FetchLocalAddr. Reads the database: not for an event
     * loop.
     */
    Outcome punchHole(PunchHoleRequest request, InetSocketAddress a, boolean aOnWebSocket,
            Consumer<RendezvousMessage> answerA) {
        if (!request.getLicenceKey().equals(serverKey.publicKeyBase64())) {
            return refusedPunch(PunchHoleResponse.Failure.LICENSE_MISMATCH);
        }
        if (access.check(request.getToken(), request.getId(), ip(a)) instanceof ConnectAccess.Refused refused) {
            // other_failure is shown to A's user word for word
            return new Refused(RendezvousMessage.newBuilder().setPunchHoleResponse(PunchHoleResponse.newBuilder()
                    .setOtherFailure(refused.text())).build());
        }
        if (!registry.isKnown(request.getId())) {
            return refusedPunch(PunchHoleResponse.Failure.ID_NOT_EXIST);
        }
        Optional<Peer> b = registry.onlinePeer(request.getId());
        if (b.isEmpty()) {
            return refusedPunch(PunchHoleResponse.Failure.OFFLINE);
        }
        ByteString aMangled = wait(a, answerA);
        String relay = relayServer("");
        if (!aOnWebSocket && a.getAddress().equals(b.get().address().getAddress())) {
            return new Forward(b.get().link(), RendezvousMessage.newBuilder().setFetchLocalAddr(FetchLocalAddr
                    .newBuilder()
                    .setSocketAddr(aMangled)
                    .setRelayServer(relay)
                    .setSocketAddrV6(request.getSocketAddrV6())).build());
        }
        return new Forward(b.get().link(), RendezvousMessage.newBuilder().setPunchHole(PunchHole.newBuilder()
                .setSocketAddr(aMangled)
                .setNatType(request.getNatType())
                .setRelayServer(relay)
                .setUdpPort(request.getUdpPort())
                .setForceRelay(request.getForceRelay())
                .setUpnpPort(request.getUpnpPort())
                .setSocketAddrV6(request.getSocketAddrV6())).build());
    }

    /**
     * §9.1: A asks for a relay. Unlike hbbs, an unknown or offline B is refused at once rather than left to A's
     * 18 s timeout. A's token is checked as for a punch request and stays here: B is told only where to meet A.
     */
    Outcome relay(RequestRelay request, InetSocketAddress a, Consumer<RendezvousMessage> answerA) {
        if (access.check(request.getToken(), request.getId(), ip(a)) instanceof ConnectAccess.Refused refused) {
            return refusedRelay(refused.text());
        }
        if (!registry.isKnown(request.getId())) {
            return refusedRelay(ID_NOT_EXIST);
        }
        Optional<Peer> b = registry.onlinePeer(request.getId());
        if (b.isEmpty()) {
            return refusedRelay(OFFLINE);
        }
        ByteString aMangled = wait(a, answerA);
        return new Forward(b.get().link(), RendezvousMessage.newBuilder().setRequestRelay(request.toBuilder()
                .clearToken()
                .clearLicenceKey()
                .setSocketAddr(aMangled)
                .setRelayServer(relayServer(request.getRelayServer()))).build());
    }

    /**
     * §8.4: B's answer to PunchHole; A learns B's address as RS saw it. Over UDP (B punching a UDP hole) the
     * answer goes only to a waiting A and only once, on A's TCP connection, so the path reflects nothing.
     */
    void holeSent(PunchHoleSent sent, InetSocketAddress b, boolean overUdp) {
        answer(sent.getSocketAddr(), sent.getId(), PunchHoleResponse.newBuilder()
                .setSocketAddr(ByteString.copyFrom(AddrMangle.encode(b)))
                .setRelayServer(sent.getRelayServer())
                .setNatType(sent.getNatType())
                .setIsUdp(overUdp)
                .setUpnpPort(sent.getUpnpPort())
                .setSocketAddrV6(sent.getSocketAddrV6()));
    }

    /** §8.4: B's answer to FetchLocalAddr; A learns B's LAN address. */
    void localAddr(LocalAddr local) {
        answer(local.getSocketAddr(), local.getId(), PunchHoleResponse.newBuilder()
                .setSocketAddr(local.getLocalAddr())
                .setRelayServer(local.getRelayServer())
                .setIsLocal(true)
                .setSocketAddrV6(local.getSocketAddrV6()));
    }

    /** §9.1, §9.2: B's RelayResponse goes to A without A's address, B's ID turned into B's signed key. */
    void relayResponse(RelayResponse response) {
        Consumer<RendezvousMessage> answerA = stopWaiting(response.getSocketAddr());
        if (answerA == null) {
            return;
        }
        // relay_server stays as B sent it: B is on its way to that relay (or, when empty, to its own default)
        RelayResponse.Builder toA = response.toBuilder().clearSocketAddr();
        if (response.getUnionCase() == RelayResponse.UnionCase.ID) {
            toA.setPk(signedKey(response.getId()));
        }
        answerA.accept(RendezvousMessage.newBuilder().setRelayResponse(toA).build());
    }

    /** A's connection closed: it waits no more. */
    void cancel(InetSocketAddress a, Consumer<RendezvousMessage> answerA) {
        waiting.remove(normalised(a), answerA);
    }

    /** A waits under its address; the address, encoded, is what B echoes back. */
    private ByteString wait(InetSocketAddress a, Consumer<RendezvousMessage> answerA) {
        waiting.put(normalised(a), answerA);
        return ByteString.copyFrom(AddrMangle.encode(a));
    }

    private Consumer<RendezvousMessage> stopWaiting(ByteString mangledA) {
        return waiting.remove(normalised(AddrMangle.decode(mangledA.toByteArray())));
    }

    private void answer(ByteString mangledA, String bId, PunchHoleResponse.Builder response) {
        Consumer<RendezvousMessage> answerA = stopWaiting(mangledA);
        if (answerA != null) {
            answerA.accept(RendezvousMessage.newBuilder().setPunchHoleResponse(response.setPk(signedKey(bId)))
                    .build());
        }
    }

    /** §8.4: always filled, or A would have to ask its user to accept an unauthenticated session. */
    private ByteString signedKey(String bId) {
        return registry.peer(bId).map(b -> ByteString.copyFrom(SignedIdPk.sign(serverKey, bId, b.pk())))
                .orElse(ByteString.EMPTY);
    }

    /** The relay a client chose wins; otherwise the next configured one; none configured leaves it to the client. */
    private String relayServer(String chosen) {
        if (!chosen.isEmpty()) {
            return chosen;
        }
        List<String> relays = relayServers.get();
        return relays.isEmpty() ? "" : relays.get(Math.floorMod(nextRelay.getAndIncrement(), relays.size()));
    }

    private static Refused refusedPunch(PunchHoleResponse.Failure failure) {
        return new Refused(RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder().setFailure(failure)).build());
    }

    static Refused refusedRelay(String reason) {
        return new Refused(RendezvousMessage.newBuilder()
                .setRelayResponse(RelayResponse.newBuilder().setRefuseReason(reason)).build());
    }

    private static String ip(InetSocketAddress address) {
        return normalised(address).getAddress().getHostAddress();
    }

    /** IPv4-mapped addresses count as IPv4 (§8.2 step 7): the same normalisation the address encoding does. */
    private static InetSocketAddress normalised(InetSocketAddress address) {
        return AddrMangle.decode(AddrMangle.encode(address, 0));
    }
}
