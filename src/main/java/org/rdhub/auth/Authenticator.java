package org.rdhub.auth;

import java.time.Clock;
import org.rdhub.access.Caller;
import org.rdhub.db.Database;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * Turns a bearer secret into the {@link Caller} it belongs to: a user signed in from a RustDesk client, a script
 * with an API token, or nobody. A token of a disabled user, an expired API token and an unknown secret are nobody.
 */
public final class Authenticator {
    private final Database database;
    private final AccessTokenStore accessTokens;
    private final ApiTokenStore apiTokens;
    private final UserStore users;
    private final TokenUsage usage;
    private final Clock clock;

    public Authenticator(Database database, AccessTokenStore accessTokens, ApiTokenStore apiTokens, UserStore users,
            TokenUsage usage, Clock clock) {
        this.database = database;
        this.accessTokens = accessTokens;
        this.apiTokens = apiTokens;
        this.users = users;
        this.usage = usage;
        this.clock = clock;
    }

    public Caller authenticate(String bearerSecret, String ip) {
        if (bearerSecret == null || bearerSecret.isBlank()) {
            return new Caller.Anonymous(ip);
        }
        String hash = SecretTokens.hash(bearerSecret.strip());
        long now = clock.millis();
        return database.withHandle(h -> {
            var owner = accessTokens.findByHash(h, hash);
            if (owner.isPresent()) {
                User user = users.findById(h, owner.get().userId()).filter(User::active).orElse(null);
                if (user == null) {
                    return new Caller.Anonymous(ip);
                }
                usage.used(TokenUsage.Kind.ACCESS_TOKEN, owner.get().tokenId(), now);
                return new Caller.User(user.id(), user.name(), user.admin(), ip);
            }
            return apiTokens.findByHash(h, hash)
                    .filter(token -> !token.expired(now))
                    .<Caller>map(token -> {
                        usage.used(TokenUsage.Kind.API_TOKEN, token.id(), now);
                        return new Caller.ApiToken(token.id(), token.name(), token.permissions(), ip);
                    })
                    .orElseGet(() -> new Caller.Anonymous(ip));
        });
    }
}
