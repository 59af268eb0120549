package org.rdhub.auth;

import org.rdhub.common.ServiceException;

/** What a new password must be. The one place every face (API, console, command line) checks it. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    public static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ServiceException.invalid("The password must have at least " + MIN_LENGTH + " characters")
                    .withCode("password_policy");
        }
        if (password.length() > MAX_LENGTH) {
            throw ServiceException.invalid("The password must have at most " + MAX_LENGTH + " characters")
                    .withCode("password_policy");
        }
    }
}
