package org.rdhub.auth;

import org.jdbi.v3.core.Handle;

/**
 * Ends every way a user is signed in: the tokens of their RustDesk clients and their console sessions. Password
 * resets use it, so a password that may be known stops opening anything at once.
 */
public final class SignOut {
    private final AccessTokenStore accessTokens;
    private final ConsoleSessionStore consoleSessions;

    public SignOut(AccessTokenStore accessTokens, ConsoleSessionStore consoleSessions) {
        this.accessTokens = accessTokens;
        this.consoleSessions = consoleSessions;
    }

    /** Runs in the caller's transaction, together with the change that requires it. */
    public void everywhere(Handle h, long userId) {
        accessTokens.deleteAllOfUser(h, userId);
        consoleSessions.deleteAllOfUser(h, userId);
    }
}
