package org.rdhub.access;

import org.rdhub.common.ServiceException;

/**
 * The one answer to "may this caller do that to this kind of resource". Every service asks it before acting, so
 * the REST API, the console and the command line enforce the same rules.
 */
public final class Permissions {

    /**
     * Returns normally when the caller may act, and throws otherwise: NOT_AUTHENTICATED for nobody, FORBIDDEN for
     * somebody who lacks the right.
     */
    public void require(Caller caller, Resource resource, Level wanted) {
        switch (caller) {
            case Caller.Anonymous ignored -> throw ServiceException.notAuthenticated("Invalid token");
            case Caller.CommandLine ignored -> { }
            case Caller.User user -> {
                if (!user.admin()) {
                    throw ServiceException.forbidden("Only administrators may do this");
                }
            }
            case Caller.ApiToken token -> {
                if (!token.level(resource).includes(wanted)) {
                    throw ServiceException.forbidden("This token lacks the " + resource.label() + " "
                            + (wanted == Level.READ_WRITE ? "read-write" : "read") + " permission");
                }
            }
        }
    }

    /** Administrative acts outside the token resources (minting tokens, server settings): admins and the CLI. */
    public void requireAdministrator(Caller caller) {
        switch (caller) {
            case Caller.Anonymous ignored -> throw ServiceException.notAuthenticated("Invalid token");
            case Caller.CommandLine ignored -> { }
            case Caller.User user -> {
                if (!user.admin()) {
                    throw ServiceException.forbidden("Only administrators may do this");
                }
            }
            case Caller.ApiToken ignored -> throw ServiceException.forbidden("API tokens cannot do this");
        }
    }

    /** The same rule as a question, for faces that hide what the caller may not use. */
    public boolean allows(Caller caller, Resource resource, Level wanted) {
        try {
            require(caller, resource, wanted);
            return true;
        } catch (ServiceException e) {
            return false;
        }
    }
}
