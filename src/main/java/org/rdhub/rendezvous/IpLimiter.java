package org.rdhub.rendezvous;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-address RegisterPk limits of protocol.md §5.1 step 3: at most 30 messages a minute, and at most 300
 * distinct IDs a day from one IP, so one host cannot claim or probe IDs in bulk.
 */
final class IpLimiter {
    static final int MAX_PER_MINUTE = 30;
    static final int MAX_IDS_PER_DAY = 300;
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;
    /** Beyond this many addresses the oldest state is dropped rather than growing without bound. */
    private static final int MAX_ADDRESSES = 100_000;

    private static final class Counters {
        int count;
        long last;
        final Set<String> ids = new HashSet<>();
        long idsSince;
    }

    private final Map<String, Counters> byIp = new ConcurrentHashMap<>();

    /** True when a RegisterPk for {@code id} from {@code ip} must be answered TOO_FREQUENT. */
    boolean tooFrequent(String ip, String id, long now) {
        if (byIp.size() >= MAX_ADDRESSES && !byIp.containsKey(ip)) {
            byIp.clear();
        }
        Counters counters = byIp.get(ip);
        if (counters == null) {
            Counters fresh = new Counters();
            fresh.last = now;
            fresh.idsSince = now;
            fresh.ids.add(id);
            return byIp.putIfAbsent(ip, fresh) != null && tooFrequent(ip, id, now);
        }
        synchronized (counters) {
            if (now - counters.last > MINUTE) {
                counters.count = 0;
            } else if (counters.count > MAX_PER_MINUTE) {
                return true;
            }
            counters.count++;
            counters.last = now;
            if (now - counters.idsSince > DAY) {
                counters.ids.clear();
                counters.idsSince = now;
            }
            if (!counters.ids.contains(id)) {
                if (counters.ids.size() > MAX_IDS_PER_DAY) {
                    return true;
                }
                counters.ids.add(id);
            }
            return false;
        }
    }
}
