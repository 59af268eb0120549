package org.rdhub.rendezvous;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.rdhub.devices.Device;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.DeviceService.KeyResult;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous rules, without sockets: registration (protocol.md §5.1) and the online query (§6). Peers live in
 * memory; rdhub's device records hold their uuid and key, written only when those change.
 */
public final class RendezvousService {
    private static final Logger LOG = LoggerFactory.getLogger(RendezvousService.class);

    /** A peer is online this long after its last accepted registration (§5.2). */
    static final long REG_TIMEOUT_MILLIS = 30_000;
    /** IDs as rdhub stores them; shorter than 6 is answered UUID_MISMATCH (§5.1 step 2) so the client picks anew. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{6,100}");
    private static final int MIN_ID_LENGTH = 6;
    private static final int MAX_UUID_BYTES = 256;
    private static final int PK_BYTES = 32;

    private final DeviceService devices;
    private final Clock clock;
    /** Only peers whose key was accepted enter, so the map is bounded by the device records. */
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final IpLimiter ipLimiter = new IpLimiter();

    public RendezvousService(DeviceService devices, Clock clock) {
        this.devices = devices;
        this.clock = clock;
    }

    /**
     * {@code RegisterPeer}: refreshes a known peer and says whether the server needs its key (§5.1). A disabled
     * device is asked for its key, so its {@code RegisterPk} gets the refusal and it stays offline.
     */
    boolean registerPeer(String id, InetSocketAddress from, PeerLink link) {
        Peer peer = peers.get(id);
        if (peer == null || ipChanged(peer, from)) {
            return true;
        }
        Optional<Device> device = devices.registered(id);
        if (device.isEmpty() || !device.get().enabled() || device.get().id() != peer.deviceId()) {
            peers.remove(id, peer);
            return true;
        }
        peer.registered(from, link, clock.millis());
        devices.heardByRendezvous(device.get(), ip(from));
        return false;
    }

    /**
     * {@code RegisterPk} over UDP, or over TCP/WebSocket by a peer that stays connected (§5.3), with the decisions
     * of §5.1 in that order; empty when it gets no reply. A device
     * an administrator disabled is answered NOT_DEPLOYED: the client stops trusting its registration and retries
     * only every 30 s, and unlike UUID_MISMATCH it keeps its ID.
     */
    Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk, InetSocketAddress from,
            PeerLink link) {
        if (uuid.length == 0 || pk.length == 0 || uuid.length > MAX_UUID_BYTES) {
            return Optional.empty();
        }
        if (id.length() < MIN_ID_LENGTH) {
            return Optional.of(RegisterPkResponse.Result.UUID_MISMATCH);
        }
        if (!ID.matcher(id).matches() || pk.length != PK_BYTES) {
            return Optional.of(RegisterPkResponse.Result.INVALID_ID_FORMAT);
        }
        long now = clock.millis();
        if (ipLimiter.tooFrequent(ip(from), id, now)) {
            return Optional.of(RegisterPkResponse.Result.TOO_FREQUENT);
        }
        Peer known = peers.get(id);
        if (known != null && Arrays.equals(known.uuid(), uuid) && !Arrays.equals(known.pk(), pk)
                && ipChanged(known, from)) {
            // the same machine id from elsewhere with another key: not the machine that registered
            return Optional.of(RegisterPkResponse.Result.UUID_MISMATCH);
        }
        if (known != null && known.tooManyKeyRegistrations(now)) {
            return Optional.of(RegisterPkResponse.Result.TOO_FREQUENT);
        }
        KeyResult stored;
        try {
            stored = devices.storeKey(id, base64(uuid), base64(pk), ip(from));
        } catch (RuntimeException e) {
            LOG.warn("could not store the key of {}: {}", id, e.getMessage());
            return Optional.of(RegisterPkResponse.Result.SERVER_ERROR);
        }
        if (stored == KeyResult.UUID_MISMATCH) {
            return Optional.of(RegisterPkResponse.Result.UUID_MISMATCH);
        }
        if (stored == KeyResult.REFUSED) {
            peers.remove(id);
            return Optional.of(RegisterPkResponse.Result.NOT_DEPLOYED);
        }
        Device device = devices.registered(id).orElseThrow();
        Peer peer = peers.compute(id, (key, old) -> old != null && old.deviceId() == device.id() ? old
                : new Peer(device.id(), from, link, uuid, pk));
        peer.keyRegistered(from, link, uuid, pk, now);
        devices.heardByRendezvous(device, ip(from));
        return Optional.of(RegisterPkResponse.Result.OK);
    }

    /** A peer registered over a connection echoed the server's heartbeat (§5.3): it stays online. */
    void heartbeatEchoed(String id, PeerLink on) {
        Peer peer = peers.get(id);
        if (peer != null && peer.echoed(on, clock.millis())) {
            devices.registered(id).ifPresent(device -> devices.heardByRendezvous(device, ip(peer.address())));
        }
    }

    /** The connection a peer registered on closed. */
    void connectionLost(String id, PeerLink on) {
        Peer peer = peers.get(id);
        if (peer != null) {
            peer.lost(on);
        }
    }

    /**
     * {@code RegisterPk} with {@code old_id} (§5.6): the client asks to be known under a new ID. Our rules, since
     * the client only shows the result: the machine must be the one that holds the old ID (same uuid), the new ID
     * must be well formed and free, and one address may try as often as it may register.
     */
    RegisterPkResponse.Result changeId(String oldId, String newId, byte[] uuid, InetSocketAddress from) {
        if (!ID.matcher(newId).matches()) {
            return RegisterPkResponse.Result.INVALID_ID_FORMAT;
        }
        if (uuid.length == 0 || uuid.length > MAX_UUID_BYTES) {
            return RegisterPkResponse.Result.UUID_MISMATCH;
        }
        if (ipLimiter.tooFrequent(ip(from), newId, clock.millis())) {
            return RegisterPkResponse.Result.TOO_FREQUENT;
        }
        DeviceService.IdChange change;
        try {
            change = devices.changeId(oldId, newId, base64(uuid), ip(from));
        } catch (RuntimeException e) {
            LOG.warn("could not change the ID {} to {}: {}", oldId, newId, e.getMessage());
            return RegisterPkResponse.Result.SERVER_ERROR;
        }
        return switch (change) {
            case CHANGED -> {
                peers.remove(oldId); // it registers again under the new ID, with its key
                yield RegisterPkResponse.Result.OK;
            }
            case UUID_MISMATCH -> RegisterPkResponse.Result.UUID_MISMATCH;
            case ID_EXISTS -> RegisterPkResponse.Result.ID_EXISTS;
            case REFUSED -> RegisterPkResponse.Result.NOT_DEPLOYED;
        };
    }

    /** {@code OnlineRequest} (§6): one bit per asked ID, most significant first; unknown IDs are offline. */
    public byte[] onlineStates(List<String> ids) {
        byte[] states = new byte[(ids.size() + 7) / 8];
        long now = clock.millis();
        for (int i = 0; i < ids.size(); i++) {
            Peer peer = peers.get(ids.get(i));
            if (peer != null && peer.isOnline(now)) {
                states[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return states;
    }

    /** Peers online now (for /metrics; counted when asked). */
    int onlineCount() {
        long now = clock.millis();
        return (int) peers.values().stream().filter(peer -> peer.isOnline(now)).count();
    }

    /** Known to rdhub: registered since the start, or stored from an earlier run (§8.2 step 2). */
    boolean isKnown(String id) {
        return peers.containsKey(id) || devices.registered(id).isPresent();
    }

    /** The peer while it is online by the rule of §5.2. */
    Optional<Peer> onlinePeer(String id) {
        return peer(id).filter(peer -> peer.isOnline(clock.millis()));
    }

    Optional<Peer> peer(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    /** §5.1: a registration from another IP needs the key again; loopback never counts as a change. */
    private static boolean ipChanged(Peer peer, InetSocketAddress from) {
        return !from.getAddress().isLoopbackAddress()
                && !from.getAddress().equals(peer.address().getAddress());
    }

    private static String ip(InetSocketAddress from) {
        return from.getAddress().getHostAddress();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
