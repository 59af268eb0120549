package org.rdhub.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.rdhub.access.Caller;
import org.rdhub.audit.LoginAlarms;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.mail.Mailer;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * Signs RustDesk clients in and out. A password login either hands out a client access token or, for accounts
 * with TOTP or email login verification, opens a second step that the client completes with a code. Failed
 * attempts go through {@link LoginThrottle}; each lock it starts is written as a login alarm.
 */
public final class LoginService {

    /** What the client sent with its login, besides the credentials. */
    public record Device(String id, String uuid, String infoJson) {
        public Device {
            id = id == null ? "" : id;
            uuid = uuid == null ? "" : uuid;
            infoJson = infoJson == null ? "{}" : infoJson;
        }
    }

    /** Where a login step leaves the client. */
    public sealed interface Outcome {
        User user();
    }

    /** Signed in: the new bearer secret (shown once). */
    public record Granted(String accessToken, User user) implements Outcome {
    }

    /** A code was mailed to the user; the client sends it back with {@code secret}. */
    public record EmailCodeSent(String secret, User user) implements Outcome {
    }

    /** The user must type the code of their authenticator app; the client sends it back with {@code secret}. */
    public record TotpRequired(String secret, User user) implements Outcome {
    }

    public static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(10);
    public static final int MAX_CODE_ATTEMPTS = 5;
    private static final String WRONG_CREDENTIALS = "Wrong username or password";
    private static final String CHALLENGE_GONE = "The verification has expired; sign in again";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final UserStore users;
    private final AccessTokenStore accessTokens;
    private final LoginChallengeStore challenges;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final LoginAlarms alarms;
    private final Mailer mailer;
    private final Clock clock;
    // verified against when the user does not exist, so a wrong name costs as long as a wrong password
    private final String decoyHash;

    public LoginService(Database database, UserStore users, AccessTokenStore accessTokens,
            LoginChallengeStore challenges, PasswordHasher hasher, LoginThrottle throttle, LoginAlarms alarms,
            Mailer mailer, Clock clock) {
        this.database = database;
        this.users = users;
        this.accessTokens = accessTokens;
        this.challenges = challenges;
        this.hasher = hasher;
        this.throttle = throttle;
        this.alarms = alarms;
        this.mailer = mailer;
        this.clock = clock;
        this.decoyHash = hasher.hash(SecretTokens.newSecret());
    }

    /** The first step: name and password; a client signing in in one step gets an access token. */
    public Outcome login(String username, String password, Device device, String ip) {
        return login(username, password, device, ip, user -> issueToken(user, device), false);
    }

    /**
     * The first step, with {@code grant} making the secret a completed sign-in hands out (the web console starts a
     * session instead of issuing a client token); the checks, the second steps and the lockout are the same.
     * {@code totpSetupHere}: the caller is where TOTP is set up (the console), so an account that must use TOTP but
     * has none yet is let in to set it up rather than refused.
     */
    public Outcome login(String username, String password, Device device, String ip, Function<User, String> grant,
            boolean totpSetupHere) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ServiceException.invalid("Username and password are required");
        }
        refuseWhileLocked(username, ip);
        User user = database.withHandle(h -> users.findByName(h, username.strip())).orElse(null);
        boolean passwordMatches = hasher.verify(password, user == null || user.passwordHash() == null
                ? decoyHash : user.passwordHash());
        if (user == null || user.passwordHash() == null || !passwordMatches) {
            throw failure(username, ip, WRONG_CREDENTIALS);
        }
        requireActive(user);
        if (user.totpEnabled()) {
            return new TotpRequired(openChallenge(user, LoginChallengeStore.Kind.TOTP, null, device), user);
        }
        if (user.tfaEnforced() && !totpSetupHere) {
            throw ServiceException.forbidden(
                    "This account must use two-factor authentication: set it up in the web console first");
        }
        if (user.emailVerification()) {
            return new EmailCodeSent(mailCode(user, device), user);
        }
        throttle.succeeded(username);
        return new Granted(grant.apply(user), user);
    }

    /** The second step: the code from the mail or the authenticator app, with the secret of the first step. */
    public Granted verify(String username, String secret, String code, String ip) {
        return verify(username, secret, code, ip, null);
    }

    /**
     * The second step, with {@code grant} as in {@link #login(String, String, Device, String, Function, boolean)};
     * null issues a client access token for the device of the first step.
     */
    public Granted verify(String username, String secret, String code, String ip, Function<User, String> grant) {
        if (username == null || username.isBlank() || secret == null || secret.isBlank()) {
            throw ServiceException.invalid("Username and secret are required");
        }
        refuseWhileLocked(username, ip);
        var challenge = database.withHandle(h -> challenges.findBySecretHash(h, SecretTokens.hash(secret.strip())))
                .filter(c -> c.expiresAt() > clock.millis())
                .orElseThrow(() -> ServiceException.notAuthenticated(CHALLENGE_GONE));
        User user = database.withHandle(h -> users.findById(h, challenge.userId()))
                .filter(u -> u.name().equalsIgnoreCase(username.strip()))
                .orElseThrow(() -> ServiceException.notAuthenticated(CHALLENGE_GONE));
        requireActive(user);
        boolean right = switch (challenge.kind()) {
            case EMAIL -> code != null && challenge.codeHash() != null
                    && SecretTokens.hash(code.strip()).equals(challenge.codeHash());
            case TOTP -> user.totpSecret() != null && takeTotpCode(user, code);
        };
        if (!right) {
            database.useTransaction(h -> {
                if (challenge.attempts() + 1 >= MAX_CODE_ATTEMPTS) {
                    challenges.delete(h, challenge.id());
                } else {
                    challenges.countAttempt(h, challenge.id());
                }
            });
            throw failure(username, ip, "Wrong verification code");
        }
        database.useTransaction(h -> challenges.delete(h, challenge.id()));
        throttle.succeeded(username);
        Device device = new Device(challenge.deviceId(), challenge.deviceUuid(), challenge.deviceInfo());
        return new Granted(grant == null ? issueToken(user, device) : grant.apply(user), user);
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

    private void refuseWhileLocked(String username, String ip) {
        throttle.lockedFor(username, ip).ifPresent(wait -> {
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            throw new ServiceException(ServiceException.Kind.TOO_MANY_REQUESTS,
                    "Too many failed sign-in attempts; try again in " + minutes + (minutes == 1 ? " minute" : " minutes"));
        });
    }

    /** Counts the failure (writing an alarm when it starts a lock) and returns the error to throw. */
    private ServiceException failure(String username, String ip, String message) {
        throttle.failed(username, ip).ifPresent(alarms::lockedOut);
        return ServiceException.notAuthenticated(message);
    }

    private static void requireActive(User user) {
        if (user.status() == User.STATUS_DISABLED) {
            throw ServiceException.forbidden("This account is disabled");
        }
        if (user.status() == User.STATUS_UNVERIFIED) {
            throw ServiceException.forbidden("This account is not activated yet");
        }
    }

    private boolean takeTotpCode(User user, String code) {
        var step = Totp.matchingStep(user.totpSecret(), code == null ? null : code.strip(), clock.millis());
        return step.isPresent() && database.withHandle(h -> users.takeTotpStep(h, user.id(), step.getAsLong()));
    }

    private String mailCode(User user, Device device) {
        if (user.email() == null || user.email().isBlank()) {
            throw ServiceException.forbidden("Email login verification is on, but the account has no email address");
        }
        if (!mailer.configured()) {
            throw ServiceException.forbidden("Email login verification is on, but no mail server is configured");
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        String secret = openChallenge(user, LoginChallengeStore.Kind.EMAIL, SecretTokens.hash(code), device);
        try {
            mailer.send(user.email(), "Your rdhub sign-in code",
                    "Your sign-in code is " + code + ".\n\nIt is valid for " + CHALLENGE_LIFETIME.toMinutes()
                            + " minutes and can be used once. If you did not try to sign in, change your password.\n");
        } catch (ServiceException e) {
            database.withHandle(h -> challenges.deleteBySecretHash(h, SecretTokens.hash(secret)));
            throw e;
        }
        return secret;
    }

    private String openChallenge(User user, LoginChallengeStore.Kind kind, String codeHash, Device device) {
        String secret = SecretTokens.newSecret();
        long now = clock.millis();
        database.useTransaction(h -> {
            challenges.deleteExpired(h, now);
            challenges.insert(h, SecretTokens.hash(secret), user.id(), kind, codeHash, device, now,
                    now + CHALLENGE_LIFETIME.toMillis());
        });
        return secret;
    }

    private String issueToken(User user, Device device) {
        String secret = SecretTokens.newSecret();
        database.withHandle(h -> accessTokens.insert(h, SecretTokens.hash(secret), user.id(), device.id(),
                device.uuid(), device.infoJson(), clock.millis()));
        return secret;
    }
}
