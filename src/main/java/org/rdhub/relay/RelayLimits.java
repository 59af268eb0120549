package org.rdhub.relay;

import java.time.Duration;

/**
 * The relay's bounds (protocol.md §13, §17). The timeouts are hbbr's; the counts are ours, sized so that a full relay
 * of TCP peers stays within a few hundred MB of buffers: each session may queue at most {@link #writeHighWater} bytes
 * per direction, each waiting side at most {@link #maxPendingBytes}. Where messages are cut apart (a WebSocket side,
 * or a TCP side paired with one) a connection also holds the message it is reading until it is whole, at most
 * {@link #maxMessage}: that is the bound, though real messages are far smaller.
 *
 * @param handshakeTimeout how long a new connection has to send its {@code RequestRelay}
 * @param pairingTimeout how long a side waits for its partner after its {@code RequestRelay}
 * @param idleTimeout a pair that received nothing from either side for this long is closed
 * @param maxSessions paired sessions at once; a pair over it is refused (both sides closed)
 * @param maxWaiting sides waiting for their partner at once; one more is closed
 * @param maxFirstFrame the largest first frame accepted (a {@code RequestRelay} is well under 1 KiB)
 * @param maxMessage the largest message relayed once a side is WebSocket, where messages are cut apart (a video
 *     key frame or a clipboard image; 16 MiB is the frame size RustDesk's WebSocket library accepts by default)
 * @param maxPendingBytes bytes a waiting side may send ahead of pairing (the peer's first handshake message)
 *     before the relay stops reading from it
 * @param writeLowWater a side's queue below which its partner is read again
 * @param writeHighWater a side's queue above which its partner is no longer read
 */
public record RelayLimits(
        Duration handshakeTimeout,
        Duration pairingTimeout,
        Duration idleTimeout,
        int maxSessions,
        int maxWaiting,
        int maxFirstFrame,
        int maxMessage,
        int maxPendingBytes,
        int writeLowWater,
        int writeHighWater) {

    public static final RelayLimits DEFAULTS = new RelayLimits(
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
            1000, 1000, 4096, 16 * 1024 * 1024, 64 * 1024, 64 * 1024, 256 * 1024);

    /** The same limits with other timeouts (tests shorten them). */
    public RelayLimits withTimeouts(Duration handshake, Duration pairing, Duration idle) {
        return new RelayLimits(handshake, pairing, idle, maxSessions, maxWaiting, maxFirstFrame, maxMessage,
                maxPendingBytes, writeLowWater, writeHighWater);
    }

    /** How often a pair's idleness is checked: a tenth of the timeout, as hbbr checks 30 s every 3 s. */
    Duration idleCheckInterval() {
        return idleTimeout.dividedBy(10);
    }
}
