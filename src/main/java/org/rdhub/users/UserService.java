package org.rdhub.users;

import java.time.Clock;
import java.util.List;
import org.rdhub.access.AccessPolicy;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.ReachableService;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.auth.PasswordHasher;
import org.rdhub.auth.PasswordPolicy;
import org.rdhub.auth.SignOut;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.db.Filters;
import org.rdhub.groups.UserGroupStore;
import org.rdhub.strategies.StrategyStore;

/** Accounts: listing, the first administrator, passwords. */
public final class UserService {

    public static final String INITIAL_ADMIN = "admin";
    public static final String INITIAL_PASSWORD = "test1234";

    private final Database database;
    private final UserStore users;
    private final UserGroupStore groups;
    private final StrategyStore strategies;
    private final SignOut signOut;
    private final PasswordHasher hasher;
    private final Permissions permissions;
    private final AccessPolicy accessPolicy;
    private final ReachableService reachable;
    private final ConsoleAudit audit;
    private final Clock clock;

    public UserService(Database database, UserStore users, UserGroupStore groups, StrategyStore strategies,
            SignOut signOut, PasswordHasher hasher, Permissions permissions, AccessPolicy accessPolicy,
            ReachableService reachable, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.groups = groups;
        this.strategies = strategies;
        this.signOut = signOut;
        this.hasher = hasher;
        this.permissions = permissions;
        this.accessPolicy = accessPolicy;
        this.reachable = reachable;
        this.audit = audit;
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
}
