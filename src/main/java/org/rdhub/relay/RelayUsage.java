package org.rdhub.relay;

import java.time.Duration;

/**
 * What one relayed session carried, reported once when it ends (for the connection audit; never written per packet).
 * "First" is the side that arrived first and waited, "second" the one that completed the pair.
 */
public record RelayUsage(String uuid, long bytesFirstToSecond, long bytesSecondToFirst, Duration duration) {
}
