package org.rdhub.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A read-through cache for hot paths, emptied by the service that changes the data. A value loaded while an
 * invalidation happens is returned to its caller but not kept, so a change that committed before the invalidation
 * is never hidden behind a stale entry.
 */
public final class InvalidatingCache<K, V> {
    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private long generation;

    /** The cached value, else what {@code loader} returns; a null from the loader is returned and not kept. */
    public V get(K key, Function<K, V> loader) {
        V cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        long before;
        synchronized (this) {
            before = generation;
        }
        V loaded = loader.apply(key);
        synchronized (this) {
            if (generation == before && loaded != null) {
                entries.put(key, loaded);
            }
        }
        return loaded;
    }

    /** Call after the change committed. */
    public synchronized void invalidate(K key) {
        generation++;
        entries.remove(key);
    }

    /** Call after the change committed. */
    public synchronized void invalidateAll() {
        generation++;
        entries.clear();
    }
}
