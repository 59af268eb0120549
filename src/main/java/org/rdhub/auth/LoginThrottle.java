package org.rdhub.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down and then stops password guessing, per account and per source address. After
 * {@value #ACCOUNT_FREE_FAILURES} failures in a row an account is locked for one minute, and each further failure
 * doubles the lock, up to an hour; a success clears it. An address that fails {@value #ADDRESS_MAX_FAILURES}
 * times within ten minutes, whatever the accounts, is locked for ten minutes. Kept in memory, per node.
 */
public final class LoginThrottle {
    static final int ACCOUNT_FREE_FAILURES = 5;
    static final int ADDRESS_MAX_FAILURES = 30;
    private static final Duration FIRST_ACCOUNT_LOCK = Duration.ofMinutes(1);
    private static final Duration MAX_ACCOUNT_LOCK = Duration.ofHours(1);
    private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
    private static final Duration ADDRESS_LOCK = Duration.ofMinutes(10);
    private static final int MAX_TRACKED = 100_000;

    /** A lock that has just begun: who, and for how long. */
    public record Lockout(String subject, boolean address, int failures, Duration duration) {
    }

    private record Failures(int count, long firstAt, long lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the account or the address must still wait, if either is locked. */
    public Optional<Duration> lockedFor(String username, String ip) {
        long now = clock.millis();
        long until = Math.max(lockedUntil(accounts, key(username)), lockedUntil(addresses, ip));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Counts a failed attempt; returns the lock it starts, if it starts one. */
    public Optional<Lockout> failed(String username, String ip) {
        long now = clock.millis();
        if (accounts.size() > MAX_TRACKED || addresses.size() > MAX_TRACKED) {
            forgetStale(now);
        }
        Failures account = accounts.merge(key(username), new Failures(1, now, 0), (old, one) -> {
            int count = old.count + 1;
            long lock = count < ACCOUNT_FREE_FAILURES ? 0 : now + accountLock(count).toMillis();
            return new Failures(count, old.firstAt, lock);
        });
        Failures address = addresses.merge(ip, new Failures(1, now, 0), (old, one) -> {
            if (now - old.firstAt > ADDRESS_WINDOW.toMillis()) {
                return new Failures(1, now, 0);
            }
            int count = old.count + 1;
            return new Failures(count, old.firstAt, count >= ADDRESS_MAX_FAILURES ? now + ADDRESS_LOCK.toMillis() : 0);
        });
        if (address.count == ADDRESS_MAX_FAILURES) {
            return Optional.of(new Lockout(ip, true, address.count, ADDRESS_LOCK));
        }
        if (account.count >= ACCOUNT_FREE_FAILURES) {
            return Optional.of(new Lockout(username, false, account.count, accountLock(account.count)));
        }
        return Optional.empty();
    }

    /** A successful sign-in clears the account's failures (not the address's: one right password is no proof). */
    public void succeeded(String username) {
        accounts.remove(key(username));
    }

    private static Duration accountLock(int failures) {
        int doublings = Math.min(failures - ACCOUNT_FREE_FAILURES, 6);
        Duration lock = FIRST_ACCOUNT_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(MAX_ACCOUNT_LOCK) > 0 ? MAX_ACCOUNT_LOCK : lock;
    }

    private static long lockedUntil(Map<String, Failures> failures, String key) {
        Failures entry = key == null ? null : failures.get(key);
        return entry == null ? 0 : entry.lockedUntil;
    }

    private void forgetStale(long now) {
        long stale = now - MAX_ACCOUNT_LOCK.toMillis();
        accounts.values().removeIf(f -> f.lockedUntil < now && f.firstAt < stale);
        addresses.values().removeIf(f -> f.lockedUntil < now && f.firstAt < stale);
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
