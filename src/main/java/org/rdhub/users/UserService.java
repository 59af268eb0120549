package org.rdhub.users;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.AccessPolicy;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.ReachableService;
import org.rdhub.access.Resource;
import org.rdhub.addressbook.AddressBookStore;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.auth.PasswordHasher;
import org.rdhub.auth.PasswordPolicy;
import org.rdhub.auth.SignOut;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.db.Filters;
import org.rdhub.groups.UserGroupStore;
import org.rdhub.mail.Mailer;
import org.rdhub.strategies.StrategyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts: listing, creating, enabling, disabling and deleting them, passwords and their sign-in rules. */
public final class UserService {
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_EMAIL_LENGTH = 320;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    public static final String INITIAL_ADMIN = "admin";
    public static final String INITIAL_PASSWORD = "test1234";

    /**
     * What an administrator changes on an account with {@link #update}: the email (empty for none), the note, the user
     * group by name (blank keeps the current one), the administrator flag, and a new password (null or empty keeps
     * the current one).
     */
    public record Changes(String email, String note, String groupName, boolean admin, String password) {
    }

    /** What {@link #disableLoginVerification} turns off. */
    public enum Verification { EMAIL, TOTP }

    private final Database database;
    private final UserStore users;
    private final UserGroupStore groups;
    private final StrategyStore strategies;
    private final SignOut signOut;
    private final PasswordHasher hasher;
    private final Permissions permissions;
    private final AccessPolicy accessPolicy;
    private final ReachableService reachable;
    private final AddressBookStore addressBooks;
    private final ConsoleAudit audit;
    private final Mailer mailer;
    private final Clock clock;

    public UserService(Database database, UserStore users, UserGroupStore groups, StrategyStore strategies,
            SignOut signOut, PasswordHasher hasher, Permissions permissions, AccessPolicy accessPolicy,
            ReachableService reachable, AddressBookStore addressBooks, ConsoleAudit audit, Mailer mailer,
            Clock clock) {
        this.database = database;
        this.users = users;
        this.groups = groups;
        this.strategies = strategies;
        this.signOut = signOut;
        this.hasher = hasher;
        this.permissions = permissions;
        this.accessPolicy = accessPolicy;
        this.reachable = reachable;
        this.addressBooks = addressBooks;
        this.audit = audit;
        this.mailer = mailer;
        this.clock = clock;
    }

    /**
     * On a fresh database: the {@code Default} user group and strategy, and the administrator {@code admin} with
     * the well-known password {@code test1234}, flagged to be changed. Does nothing to a database that has users.
     *
     * @return true when the administrator was created now
     */
    public boolean createInitialData() {
        long now = clock.millis();
        return database.inTransaction(h -> {
            long groupId = groups.ensureDefault(h, now);
            strategies.ensureDefault(h, now);
            if (users.count(h) > 0) {
                return false;
            }
            users.insert(h, new UserStore.NewUser(INITIAL_ADMIN, null, "", true, groupId,
                    hasher.hash(INITIAL_PASSWORD), true), Ids.newGuid(), now);
            return true;
        });
    }

    /** Administrators still on the password they were created with; start-up warns about each. */
    public List<String> adminsWithInitialPassword() {
        return database.withHandle(users::adminsWithInitialPassword);
    }

    /**
     * Users for an administrator or a token with User read permission; for a signed-in client user, the users whose
     * devices they may reach (the client's "Accessible devices" tab), as {@link AccessPolicy} decides.
     */
    public Page<User> list(Caller caller, UserFilter filter, PageRequest page) {
        if (caller instanceof Caller.User) {
            reachable.requireTabOn();
            return database.withHandle(h -> users.list(h, filter,
                    accessPolicy.usersReachable(new Filters(), accessPolicy.viewer(h, caller)), page));
        }
        permissions.require(caller, Resource.USER, Level.READ);
        return database.withHandle(h -> users.list(h, filter, new Filters(), page));
    }

    /**
     * The console's user list: every user matching the filters, for whoever may read users (administrators), in
     * {@code sort}'s order (one of {@link UserStore#SORTABLE}).
     */
    public Page<User> list(Caller caller, UserFilter filter, PageRequest page, Sort sort) {
        permissions.require(caller, Resource.USER, Level.READ);
        return database.withHandle(h -> users.list(h, filter, new Filters(), page, sort));
    }

    /** One user by guid, for an administrator's edit form; 404 when there is none. */
    public User get(Caller caller, String guid) {
        permissions.require(caller, Resource.USER, Level.READ);
        return database.withHandle(h -> find(h, guid));
    }

    /**
     * Changes an account's email, note, user group and administrator flag, and sets a new password when one is
     * given (which signs the user out everywhere, as {@link #resetPassword} does). Everything is checked before
     * anything is written; the last enabled administrator cannot stop being one. One audit record names the changed
     * fields, and a new password gets its own.
     */
    public void update(Caller caller, String guid, Changes changes) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        String email = checkedEmail(changes.email());
        String note = changes.note() == null ? "" : changes.note();
        boolean newPassword = changes.password() != null && !changes.password().isEmpty();
        if (newPassword) {
            PasswordPolicy.check(changes.password());
        }
        String hash = newPassword ? hasher.hash(changes.password()) : null;
        database.useTransaction(h -> {
            User user = find(h, guid);
            long groupId = user.groupId();
            String groupName = user.groupName();
            if (changes.groupName() != null && !changes.groupName().isBlank()) {
                groupName = changes.groupName().strip();
                groupId = groupId(h, groupName);
            }
            if (user.admin() && !changes.admin()) {
                keepAnAdministrator(h, user, "made a regular user");
            }
            List<String> changed = new ArrayList<>();
            if (!Objects.equals(user.email(), email)) {
                changed.add("email");
            }
            if (!Objects.equals(user.note() == null ? "" : user.note(), note)) {
                changed.add("note");
            }
            if (groupId != user.groupId()) {
                changed.add("group=" + groupName);
            }
            if (user.admin() != changes.admin()) {
                changed.add("admin=" + (changes.admin() ? "on" : "off"));
            }
            long now = clock.millis();
            if (!changed.isEmpty()) {
                users.update(h, user.id(), email, note, changes.admin(), groupId, now);
                audit.record(h, caller, ConsoleAction.USER_UPDATE, user.name(), String.join(", ", changed));
            }
            if (hash != null) {
                users.updatePassword(h, user.id(), hash, now);
                signOut.everywhere(h, user.id());
                audit.record(h, caller, ConsoleAction.USER_PASSWORD_RESET, user.name(), "");
            }
        });
    }

    /** Sets a new password and signs the user out everywhere, since the old password may be known. */
    public void resetPassword(Caller caller, String name, String newPassword) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        PasswordPolicy.check(newPassword);
        String hash = hasher.hash(newPassword);
        database.useTransaction(h -> {
            User user = users.findByName(h, name)
                    .orElseThrow(() -> ServiceException.notFound("No user named '" + name + "'"));
            users.updatePassword(h, user.id(), hash, clock.millis());
            signOut.everywhere(h, user.id());
            audit.record(h, caller, ConsoleAction.USER_PASSWORD_RESET, user.name(), "");
        });
    }

    /** How many accounts there are, for the console's welcome page. */
    public long count(Caller caller) {
        permissions.require(caller, Resource.USER, Level.READ);
        return database.withHandle(users::count);
    }

    /**
     * A signed-in user changes their own password, proving the current one. Every sign-in of theirs ends (the old
     * password may be known), so the console starts a fresh session afterwards.
     */
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        User user = self(caller);
        if (currentPassword == null || user.passwordHash() == null || !hasher.verify(currentPassword,
                user.passwordHash())) {
            throw ServiceException.invalid("The current password is wrong");
        }
        PasswordPolicy.check(newPassword);
        if (newPassword.equals(currentPassword)) {
            throw ServiceException.invalid("The new password must differ from the current one");
        }
        String hash = hasher.hash(newPassword);
        database.useTransaction(h -> {
            users.updatePassword(h, user.id(), hash, clock.millis());
            signOut.everywhere(h, user.id());
            audit.record(h, caller, ConsoleAction.ACCOUNT_PASSWORD_CHANGE, user.name(), "");
        });
    }

    /**
     * A signed-in user turns email sign-in codes on or off for their own account. On needs an email address and a
     * mail server, or the next sign-in could not get its code and the user would be locked out.
     */
    public void setOwnEmailVerification(Caller caller, boolean on) {
        User user = self(caller);
        if (on && (user.email() == null || user.email().isBlank())) {
            throw ServiceException.invalid("Email login verification needs an email address on the account");
        }
        if (on && !mailer.configured()) {
            throw ServiceException.invalid("Email login verification needs a mail server; none is configured");
        }
        database.useTransaction(h -> {
            users.setEmailVerification(h, user.id(), on, clock.millis());
            audit.record(h, caller, ConsoleAction.ACCOUNT_EMAIL_VERIFICATION, user.name(), on ? "on" : "off");
        });
    }

    /** The account of a signed-in user, as stored now. */
    public User self(Caller caller) {
        if (!(caller instanceof Caller.User signedIn)) {
            throw ServiceException.notAuthenticated("Sign in first");
        }
        return database.withHandle(h -> users.findById(h, signedIn.userId()))
                .orElseThrow(() -> ServiceException.notAuthenticated("Sign in first"));
    }

    /** Every user matching the filters, for the CSV export: what the list shows an administrator, without pages. */
    public List<User> export(Caller caller, UserFilter filter) {
        permissions.require(caller, Resource.USER, Level.READ);
        return database.withHandle(h -> users.all(h, filter));
    }

    /** A new account with a password, in {@code groupName} (the Default group when absent); returns its guid. */
    public String create(Caller caller, NewAccount account, String password) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        PasswordPolicy.check(password);
        // checked before the slow hash, so a bad request fails fast, and again in the transaction
        database.withHandle(h -> newUser(h, account, null));
        String hash = hasher.hash(password);
        String guid = Ids.newGuid();
        database.useTransaction(h -> {
            users.insert(h, newUser(h, account, hash), guid, clock.millis());
            audit.record(h, caller, ConsoleAction.USER_CREATE, account.name().strip(), "");
        });
        return guid;
    }

    /**
     * Checks an account about to be created (name free, group known, email well-formed) and returns its row.
     * Invitations use it too, so both ways of adding a user follow one set of rules.
     */
    UserStore.NewUser newUser(Handle h, NewAccount account, String passwordHash) {
        String name = account.name() == null ? "" : account.name().strip();
        if (name.isEmpty()) {
            throw ServiceException.invalid("A user name is required").withCode("name_required");
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw ServiceException.invalid("A user name has at most " + MAX_NAME_LENGTH
                    + " characters and no control characters").withCode("name_invalid");
        }
        String email = checkedEmail(account.email());
        String groupName = account.groupName() == null || account.groupName().isBlank()
                ? UserGroupStore.DEFAULT_GROUP : account.groupName().strip();
        long groupId = groupId(h, groupName);
        if (users.findByName(h, name).isPresent()) {
            throw ServiceException.conflict("A user named '" + name + "' already exists").withCode("name_taken");
        }
        return new UserStore.NewUser(name, email,
                account.note() == null ? "" : account.note(), account.admin(), groupId, passwordHash, false);
    }

    /** A well-formed email address, stripped, or null for none. */
    private static String checkedEmail(String given) {
        String email = given == null ? "" : given.strip();
        if (!email.isEmpty() && (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches())) {
            throw ServiceException.invalid("'" + email + "' is not an email address").withCode("email_invalid");
        }
        return email.isEmpty() ? null : email;
    }

    private long groupId(Handle h, String groupName) {
        return groups.findIdByName(h, groupName)
                .orElseThrow(() -> ServiceException.notFound("No user group named '" + groupName + "'")
                        .withCode("group_unknown"));
    }

    /**
     * Lets the user sign in again. An invited user who has not set a password yet stays unverified: their
     * invitation link activates them.
     */
    public void enable(Caller caller, String guid) {
        enable(caller, List.of(guid));
    }

    /** {@link #enable(Caller, String)} for several users: all of them or, on an unknown guid, none. */
    public void enable(Caller caller, List<String> guids) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        database.useTransaction(h -> {
            for (User user : findAll(h, guids)) {
                users.setStatus(h, user.id(), user.passwordHash() == null ? User.STATUS_UNVERIFIED
                        : User.STATUS_NORMAL, clock.millis());
                audit.record(h, caller, ConsoleAction.USER_ENABLE, user.name(), "");
            }
        });
    }

    /** Stops the user signing in, and signs them out everywhere at once. */
    public void disable(Caller caller, String guid) {
        disable(caller, List.of(guid));
    }

    /** {@link #disable(Caller, String)} for several users: all of them or none (the last administrator stays). */
    public void disable(Caller caller, List<String> guids) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        database.useTransaction(h -> {
            for (User user : findAll(h, guids)) {
                keepAnAdministrator(h, user, "disabled");
                users.setStatus(h, user.id(), User.STATUS_DISABLED, clock.millis());
                signOut.everywhere(h, user.id());
                audit.record(h, caller, ConsoleAction.USER_DISABLE, user.name(), "");
            }
        });
    }

    /** Deletes the user with their sign-ins and address books; their devices stay, without an owner. */
    public void delete(Caller caller, String guid) {
        delete(caller, List.of(guid));
    }

    /**
     * {@link #delete(Caller, String)} for several users: all of them or none, so a refusal (the last administrator,
     * an owner of shared address books) leaves every listed user in place.
     */
    public void delete(Caller caller, List<String> guids) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        database.useTransaction(h -> {
            for (User user : findAll(h, guids)) {
                keepAnAdministrator(h, user, "deleted");
                long sharedBooks = addressBooks.countSharedOwnedBy(h, user.id());
                if (sharedBooks > 0) {
                    throw ServiceException.conflict("User '" + user.name() + "' owns " + sharedBooks
                            + " shared address book(s); give them another owner first (ab.py update-ab --owner)")
                            .withCode("owns_shared_books");
                }
                users.delete(h, user.id());
                audit.record(h, caller, ConsoleAction.USER_DELETE, user.name(), "");
            }
        });
    }

    /**
     * Turns two-factor enforcement on or off for all the users or none. Enforced users without TOTP get a mail
     * pointing to {@code consoleUrl} when a mail server is configured and they have an address; without mail the
     * enforcement still holds, and the client tells them at their next login.
     */
    public void enforceTotp(Caller caller, List<String> guids, boolean enforce, String consoleUrl) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        if (enforce && !consoleUrl.startsWith("http://") && !consoleUrl.startsWith("https://")) {
            throw ServiceException.invalid("url must be the web console's http:// or https:// address");
        }
        List<User> changed = database.inTransaction(h -> {
            List<User> targets = findAll(h, guids);
            for (User user : targets) {
                users.setTfaEnforced(h, user.id(), enforce, clock.millis());
                audit.record(h, caller, ConsoleAction.USER_TFA_ENFORCE, user.name(), enforce ? "on" : "off");
            }
            return targets;
        });
        if (enforce && mailer.configured()) {
            changed.stream()
                    .filter(user -> !user.totpEnabled() && user.email() != null && !user.email().isBlank())
                    .forEach(user -> mailTotpNotice(user, consoleUrl));
        }
    }

    private void mailTotpNotice(User user, String consoleUrl) {
        try {
            mailer.send(user.email(), "Set up two-factor sign-in for rdhub",
                    "Hello " + user.name() + ",\n\nyour administrator requires two-factor authentication for your"
                            + " rdhub account. Until you set it up, RustDesk will not sign you in.\n\n"
                            + "Set it up in the web console: " + consoleUrl + "\n");
        } catch (ServiceException e) {
            // the enforcement is stored; a failed notice must not undo it or fail the other users
            LOG.warn("two-factor notice to {} not sent: {}", user.name(), e.getMessage());
        }
    }

    /** Turns off email login codes, or removes the TOTP setup (the user may enrol again), for all or none. */
    public void disableLoginVerification(Caller caller, List<String> guids, Verification verification) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        database.useTransaction(h -> {
            for (User user : findAll(h, guids)) {
                long now = clock.millis();
                switch (verification) {
                    case EMAIL -> users.setEmailVerification(h, user.id(), false, now);
                    case TOTP -> users.setTotp(h, user.id(), null, null, now);
                }
                audit.record(h, caller, ConsoleAction.USER_LOGIN_VERIFICATION_OFF, user.name(),
                        verification == Verification.EMAIL ? "email" : "2fa");
            }
        });
    }

    /** Ends every client token and console session of the users, all or none. */
    public void forceLogout(Caller caller, List<String> guids) {
        permissions.require(caller, Resource.USER, Level.READ_WRITE);
        database.useTransaction(h -> {
            for (User user : findAll(h, guids)) {
                signOut.everywhere(h, user.id());
                audit.record(h, caller, ConsoleAction.USER_FORCE_LOGOUT, user.name(), "");
            }
        });
    }

    private User find(Handle h, String guid) {
        return users.findByGuid(h, guid)
                .orElseThrow(() -> ServiceException.notFound("No user with guid '" + guid + "'"));
    }

    /** Every listed user, or a 404 naming the first unknown guid before anything changes. */
    private List<User> findAll(Handle h, List<String> guids) {
        if (guids == null || guids.isEmpty()) {
            throw ServiceException.invalid("user_guids must list at least one user").withCode("none_selected");
        }
        List<User> found = new ArrayList<>();
        for (String guid : guids.stream().distinct().toList()) {
            if (guid == null) {
                throw ServiceException.invalid("user_guids must hold user guids, not null");
            }
            found.add(find(h, guid));
        }
        return found;
    }

    /** Refuses to disable or delete the only administrator who can still sign in. */
    private void keepAnAdministrator(Handle h, User user, String becoming) {
        if (user.admin() && user.active() && users.countEnabledAdmins(h) <= 1) {
            throw ServiceException.conflict("'" + user.name() + "' is the last enabled administrator and cannot be "
                    + becoming + "; make another user an administrator first").withCode("last_admin");
        }
    }
}
