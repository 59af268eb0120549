package org.rdhub.auth;

import java.time.Clock;
import org.rdhub.access.Caller;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * A user turns on TOTP for their own account: {@link #begin} hands out a secret (as text and as an
 * {@code otpauth://} URI for a QR code), {@link #confirm} turns it on once the app shows a matching code.
 */
public final class TotpEnrollment {
    public static final String ISSUER = "rdhub";

    /** A pending secret: the text to type into an app, and the URI to show as a QR code. */
    public record Pending(String secret, String uri) {
    }

    private final Database database;
    private final UserStore users;
    private final Clock clock;

    public TotpEnrollment(Database database, UserStore users, Clock clock) {
        this.database = database;
        this.users = users;
        this.clock = clock;
    }

    public Pending begin(Caller caller) {
        User user = self(caller);
        String secret = Totp.newSecret();
        database.withHandle(h -> {
            users.setTotp(h, user.id(), secret, null, clock.millis());
            return null;
        });
        return new Pending(secret, Totp.uri(ISSUER, user.name(), secret));
    }

    public void confirm(Caller caller, String code) {
        User user = self(caller);
        if (user.totpSecret() == null || user.totpEnabled()) {
            throw ServiceException.invalid("There is no two-factor setup waiting for a code");
        }
        var step = Totp.matchingStep(user.totpSecret(), code, clock.millis());
        if (step.isEmpty()) {
            throw ServiceException.invalid("The code does not match; check the time on your phone and try again");
        }
        long now = clock.millis();
        database.useTransaction(h -> {
            users.setTotp(h, user.id(), user.totpSecret(), now, now);
            users.takeTotpStep(h, user.id(), step.getAsLong());
        });
    }

    public void remove(Caller caller) {
        User user = self(caller);
        database.withHandle(h -> {
            users.setTotp(h, user.id(), null, null, clock.millis());
            return null;
        });
    }

    private User self(Caller caller) {
        if (!(caller instanceof Caller.User signedIn)) {
            throw ServiceException.forbidden("Only a signed-in user can set up their own two-factor sign-in");
        }
        return database.withHandle(h -> users.findById(h, signedIn.userId()))
                .orElseThrow(() -> ServiceException.notAuthenticated("Invalid token"));
    }
}
