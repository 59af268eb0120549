package org.rdhub.auth;

import java.util.Map;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;

/** A token for scripts and automation; {@code expiresAt} is null for one that never expires. */
public record ApiToken(long id, String guid, String name, Map<Resource, Level> permissions, Long expiresAt) {

    public boolean expired(long now) {
        return expiresAt != null && expiresAt <= now;
    }
}
