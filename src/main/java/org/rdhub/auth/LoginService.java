package org.rdhub.auth;

import java.time.Clock;
import org.rdhub.access.Caller;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * Signs RustDesk clients in and out. A password login checks the account and hands out a client access token; the
 * second login steps (email code, TOTP) will branch off {@link #login} before the token is issued.
 */
public final class LoginService {

    /** What the client sent with its login, besides the credentials. */
    public record Device(String id, String uuid, String infoJson) {
    }

    /** A successful login: the new bearer secret (shown once) and who it belongs to. */
    public record LoginResult(String accessToken, User user) {
    }

    private static final String WRONG_CREDENTIALS = "Wrong username or password";

    private final Database database;
    private final UserStore users;
    private final AccessTokenStore accessTokens;
    private final PasswordHasher hasher;
    private final Clock clock;
    // verified against when the user does not exist, so a wrong name costs as long as a wrong password
    private final String decoyHash;

    public LoginService(Database database, UserStore users, AccessTokenStore accessTokens, PasswordHasher hasher,
            Clock clock) {
        this.database = database;
        this.users = users;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.clock = clock;
        this.decoyHash = hasher.hash(SecretTokens.newSecret());
    }

    public LoginResult login(String username, String password, Device device) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ServiceException.invalid("Username and password are required");
        }
        User user = database.withHandle(h -> users.findByName(h, username.strip())).orElse(null);
        boolean passwordMatches = hasher.verify(password, user == null || user.passwordHash() == null
                ? decoyHash : user.passwordHash());
        if (user == null || user.passwordHash() == null || !passwordMatches) {
            throw ServiceException.notAuthenticated(WRONG_CREDENTIALS);
        }
        if (user.status() == User.STATUS_DISABLED) {
            throw ServiceException.forbidden("This account is disabled");
        }
        if (user.status() == User.STATUS_UNVERIFIED) {
            throw ServiceException.forbidden("This account is not activated yet");
        }
        String secret = SecretTokens.newSecret();
        database.withHandle(h -> accessTokens.insert(h, SecretTokens.hash(secret), user.id(),
                nullToEmpty(device.id()), nullToEmpty(device.uuid()), device.infoJson(), clock.millis()));
        return new LoginResult(secret, user);
    }

    /** Revokes the client token; signing out twice, or with a token already gone, is not an error. */
    public void logout(String bearerSecret) {
        if (bearerSecret != null && !bearerSecret.isBlank()) {
            database.withHandle(h -> accessTokens.deleteByHash(h, SecretTokens.hash(bearerSecret.strip())));
        }
    }

    /** The signed-in user as stored now. */
    public User currentUser(Caller caller) {
        if (!(caller instanceof Caller.User signedIn)) {
            throw ServiceException.notAuthenticated("Invalid token");
        }
        return database.withHandle(h -> users.findById(h, signedIn.userId()))
                .orElseThrow(() -> ServiceException.notAuthenticated("Invalid token"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
