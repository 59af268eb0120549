package org.rdhub.rendezvous;

import java.net.InetSocketAddress;

/**
 * What the rendezvous server keeps of one registered client (protocol.md §5.2): a fixed handful of fields, so a
 * peer's memory is bounded whatever it sends. Guarded by its own monitor.
 */
final class Peer {
    private final long deviceId;
    private InetSocketAddress address;
    private PeerLink link;
    private byte[] uuid;
    private byte[] pk;
    private long lastRegistered = Long.MIN_VALUE;
    private int recentKeyRegistrations;
    private long lastKeyRegistration = Long.MIN_VALUE;

    Peer(long deviceId, InetSocketAddress address, PeerLink link, byte[] uuid, byte[] pk) {
        this.deviceId = deviceId;
        this.address = address;
        this.link = link;
        this.uuid = uuid.clone();
        this.pk = pk.clone();
    }

    long deviceId() {
        return deviceId;
    }

    synchronized InetSocketAddress address() {
        return address;
    }

    synchronized PeerLink link() {
        return link;
    }

    synchronized byte[] uuid() {
        return uuid.clone();
    }

    synchronized byte[] pk() {
        return pk.clone();
    }

    synchronized void registered(InetSocketAddress from, PeerLink newLink, long now) {
        address = from;
        link = newLink;
        lastRegistered = now;
    }

    synchronized void keyRegistered(InetSocketAddress from, PeerLink newLink, byte[] newUuid, byte[] newPk, long now) {
        uuid = newUuid.clone();
        pk = newPk.clone();
        registered(from, newLink, now);
    }

    /** A heartbeat echoed on the connection the peer registered on (§5.3); false when it has moved since. */
    synchronized boolean echoed(PeerLink on, long now) {
        if (link != on) {
            return false;
        }
        lastRegistered = now;
        return true;
    }

    /** The connection the peer registered on closed: offline at once, unless it has registered elsewhere since. */
    synchronized void lost(PeerLink on) {
        if (link == on) {
            lastRegistered = Long.MIN_VALUE;
        }
    }

    synchronized boolean isOnline(long now) {
        return lastRegistered != Long.MIN_VALUE && now - lastRegistered < RendezvousService.REG_TIMEOUT_MILLIS;
    }

    /** The per-peer RegisterPk limit of §5.1 step 6: at most 3 within 6 s of each other. */
    synchronized boolean tooManyKeyRegistrations(long now) {
        if (lastKeyRegistration == Long.MIN_VALUE || now - lastKeyRegistration > 6_000) {
            recentKeyRegistrations = 0;
        } else if (recentKeyRegistrations > 2) {
            return true;
        }
        recentKeyRegistrations++;
        lastKeyRegistration = now;
        return false;
    }
}
