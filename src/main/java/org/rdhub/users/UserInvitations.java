package org.rdhub.users;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.auth.PasswordHasher;
import org.rdhub.auth.PasswordPolicy;
import org.rdhub.auth.SecretTokens;
import org.rdhub.common.Ids;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.mail.Mailer;

/**
 * Invites a user by mail: the account is created unverified, without a password, and the mailed link lets its
 * owner choose one once, within {@link #LIFETIME}.
 */
public final class UserInvitations {
    public static final Duration LIFETIME = Duration.ofDays(7);
    /** The path of the page behind the link, under the server's public address. */
    public static final String PATH = "/invitation/";
    private static final String GONE = "This invitation link is not valid or has been used already";

    private final Database database;
    private final UserService accounts;
    private final UserStore users;
    private final InvitationStore invitations;
    private final PasswordHasher hasher;
    private final Permissions permissions;
    private final Mailer mailer;
    private final ConsoleAudit audit;
    private final Clock clock;

    public UserInvitations(Database database, UserService accounts, UserStore users, InvitationStore invitations,
            PasswordHasher hasher, Permissions permissions, Mailer mailer, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.users = users;
        this.invitations = invitations;
        this.hasher = hasher;
        this.permissions = permissions;
        this.mailer = mailer;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates the unverified user and mails the link ({@code publicUrl} + {@link #PATH} + secret); returns the
     * user's guid. The mail goes out before anything is stored, so a mail failure leaves nothing behind and a slow
     * mail server never holds a database transaction open.
     */
    public String invite(Caller caller, NewAccount account, String publicUrl) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        if (account.email() == null || account.email().isBlank()) {
            throw ServiceException.invalid("An invitation needs the user's email address").withCode("email_required");
        }
        if (!mailer.configured()) {
            throw ServiceException.invalid("No mail server is configured; set the SMTP settings to send invitations")
                    .withCode("mail_not_configured");
        }
        UserStore.NewUser user = database.withHandle(h -> accounts.newUser(h, account, null));
        String secret = SecretTokens.newSecret();
        mailer.send(user.email(), "You are invited to rdhub",
                "Hello " + user.name() + ",\n\nan account named '" + user.name() + "' was created for you on rdhub."
                        + "\nChoose your password here to activate it:\n\n" + publicUrl + PATH + secret
                        + "\n\nThe link works once and expires in " + LIFETIME.toDays() + " days.\n");
        String guid = Ids.newGuid();
        long now = clock.millis();
        database.useTransaction(h -> {
            long id = users.insert(h, accounts.newUser(h, account, null), User.STATUS_UNVERIFIED, guid, now);
            invitations.insert(h, SecretTokens.hash(secret), id, now, now + LIFETIME.toMillis());
            audit.record(h, caller, ConsoleAction.USER_INVITE, user.name(), user.email());
        });
        return guid;
    }

    /** Whether invitations can be sent: a mail server is configured. */
    public boolean mailConfigured() {
        return mailer.configured();
    }

    /** The name of the user the link activates, for the page; a ServiceException when it cannot be used. */
    public String pendingName(String secret) {
        return database.withHandle(h -> usable(h, secret).user().name());
    }

    /** Sets the password, activates the user and uses the invitation up. */
    public void accept(String secret, String password, String repeat) {
        pendingName(secret);
        PasswordPolicy.check(password);
        if (!password.equals(repeat)) {
            throw ServiceException.invalid("The two passwords differ");
        }
        String hash = hasher.hash(password);
        database.useTransaction(h -> {
            Pending pending = usable(h, secret);
            // deleting first makes two submits of the same link race to one winner
            if (!invitations.delete(h, pending.invitation().id())) {
                throw ServiceException.notFound(GONE);
            }
            users.activate(h, pending.user().id(), hash, clock.millis());
        });
    }

    private record Pending(InvitationStore.Invitation invitation, User user) {
    }

    private Pending usable(Handle h, String secret) {
        InvitationStore.Invitation invitation = secret == null ? null
                : invitations.findByTokenHash(h, SecretTokens.hash(secret)).orElse(null);
        if (invitation == null) {
            throw ServiceException.notFound(GONE);
        }
        if (invitation.expiresAt() <= clock.millis()) {
            throw ServiceException.notFound("This invitation has expired; ask your administrator for a new one");
        }
        User user = users.findById(h, invitation.userId()).orElseThrow(() -> ServiceException.notFound(GONE));
        if (user.status() == User.STATUS_DISABLED) {
            throw ServiceException.forbidden("This account has been disabled; ask your administrator");
        }
        return new Pending(invitation, user);
    }
}
