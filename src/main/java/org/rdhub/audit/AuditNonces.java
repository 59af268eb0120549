package org.rdhub.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of recently stored device audits, so a retried post is acknowledged without being stored twice.
 * Clients stop retrying well inside {@link #TTL} (their comments count on five minutes). Kept in memory only: a
 * nonce lost to a restart costs at most one duplicate record, while a database write per nonce would cost every
 * post.
 */
final class AuditNonces {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final int capacity;
    // nonce -> when it was claimed, in claim order, so the oldest are the first to expire or be evicted
    private final LinkedHashMap<String, Long> claimed = new LinkedHashMap<>();

    AuditNonces(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /** True when the nonce is new (and now remembered); false when it was claimed in the last five minutes. */
    synchronized boolean claim(String nonce) {
        long now = clock.millis();
        forgetExpired(now);
        if (claimed.containsKey(nonce)) {
            return false;
        }
        claimed.put(nonce, now);
        if (claimed.size() > capacity) {
            Iterator<String> oldest = claimed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets a nonce whose record could not be stored, so the client's retry stores it. */
    synchronized void release(String nonce) {
        claimed.remove(nonce);
    }

    private void forgetExpired(long now) {
        Iterator<Map.Entry<String, Long>> entries = claimed.entrySet().iterator();
        while (entries.hasNext() && now - entries.next().getValue() >= TTL.toMillis()) {
            entries.remove();
        }
    }
}
