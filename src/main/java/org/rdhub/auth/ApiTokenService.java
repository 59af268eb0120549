package org.rdhub.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;

/** Creates API tokens for scripts and automation. */
public final class ApiTokenService {
    public static final int MAX_EXPIRY_DAYS = 3650;

    /** A new token: its guid and the secret, which is shown this once and never again. */
    public record CreatedToken(String guid, String secret) {
    }

    private final Database database;
    private final ApiTokenStore store;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;

    public ApiTokenService(Database database, ApiTokenStore store, Permissions permissions, ConsoleAudit audit,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param expiresInDays null for a token that never expires
     */
    public CreatedToken create(Caller caller, String name, Map<Resource, Level> granted, Integer expiresInDays) {
        permissions.requireAdministrator(caller);
        if (name == null || name.isBlank() || name.length() > 255) {
            throw ServiceException.invalid("A token needs a name of 1 to 255 characters");
        }
        if (granted.values().stream().allMatch(level -> level == Level.NONE)) {
            throw ServiceException.invalid("A token needs at least one permission");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS)) {
            throw ServiceException.invalid("Expiry must be between 1 and " + MAX_EXPIRY_DAYS + " days");
        }
        long now = clock.millis();
        Long expiresAt = expiresInDays == null ? null : now + Duration.ofDays(expiresInDays).toMillis();
        String secret = SecretTokens.newSecret();
        String guid = Ids.newGuid();
        Long createdBy = caller instanceof Caller.User user ? user.userId() : null;
        database.useTransaction(h -> {
            store.insert(h, guid, name.strip(), SecretTokens.hash(secret), createdBy, expiresAt, granted, now);
            audit.record(h, caller, ConsoleAction.API_TOKEN_CREATE, name.strip(), describe(granted, expiresInDays));
        });
        return new CreatedToken(guid, secret);
    }

    private static String describe(Map<Resource, Level> granted, Integer expiresInDays) {
        StringBuilder text = new StringBuilder();
        granted.forEach((resource, level) -> {
            if (level != Level.NONE) {
                text.append(text.isEmpty() ? "" : ", ").append(resource.key()).append('=').append(level.key());
            }
        });
        return text + (expiresInDays == null ? "; never expires" : "; expires in " + expiresInDays + " days");
    }
}
