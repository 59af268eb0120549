package org.rdhub.auth;

import java.time.Clock;
import java.time.Duration;
import org.rdhub.access.Caller;
import org.rdhub.db.Database;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * Web-console sessions: started after the console's sign-in checks pass, kept alive by use, ended by sign-out, by
 * two hours without use, or after seven days whatever happens. Using a session records the time in memory
 * ({@link TokenUsage}); nothing is written per request.
 */
public final class ConsoleSessions {
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(2);
    public static final Duration MAX_AGE = Duration.ofDays(7);
    private static final Duration PURGE_MARGIN = Duration.ofMinutes(10);

    private final Database database;
    private final ConsoleSessionStore store;
    private final UserStore users;
    private final TokenUsage usage;
    private final Clock clock;

    public ConsoleSessions(Database database, ConsoleSessionStore store, UserStore users, TokenUsage usage,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.users = users;
        this.usage = usage;
        this.clock = clock;
    }

    /** Starts a session for a user who has just proved who they are; returns the secret for the cookie. */
    public String start(User user, String ip, String userAgent) {
        String secret = SecretTokens.newSecret();
        long now = clock.millis();
        String agent = userAgent == null ? "" : userAgent.substring(0, Math.min(userAgent.length(), 512));
        database.useTransaction(h -> {
            // stored last-use times lag by up to a flush interval, hence the margin
            store.deleteExpired(h, now, now - IDLE_TIMEOUT.toMillis() - PURGE_MARGIN.toMillis());
            store.insert(h, SecretTokens.hash(secret), user.id(), ip, agent, now, now + MAX_AGE.toMillis());
        });
        return secret;
    }

    /** The signed-in user of a session cookie, or nobody when the session is unknown, over or its user inactive. */
    public Caller authenticate(String secret, String ip) {
        if (secret == null || secret.isBlank()) {
            return new Caller.Anonymous(ip);
        }
        long now = clock.millis();
        return database.withHandle(h -> {
            var session = store.findByHash(h, SecretTokens.hash(secret)).orElse(null);
            if (session == null) {
                return new Caller.Anonymous(ip);
            }
            long lastUsed = Math.max(session.lastUsedAt(), usage.unflushed(TokenUsage.Kind.CONSOLE_SESSION,
                    session.id()));
            User user = users.findById(h, session.userId()).filter(User::active).orElse(null);
            if (user == null || now >= session.expiresAt() || now - lastUsed >= IDLE_TIMEOUT.toMillis()) {
                return new Caller.Anonymous(ip);
            }
            usage.used(TokenUsage.Kind.CONSOLE_SESSION, session.id(), now);
            return new Caller.User(user.id(), user.name(), user.admin(), ip, true);
        });
    }

    /** Signs the browser out; ending an unknown or ended session is not an error. */
    public void end(String secret) {
        if (secret != null && !secret.isBlank()) {
            database.withHandle(h -> store.deleteByHash(h, SecretTokens.hash(secret)));
        }
    }
}
