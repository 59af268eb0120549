package org.rdhub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.rdhub.access.AccessPolicy;
import org.rdhub.access.ConnectAccess;
import org.rdhub.access.Permissions;
import org.rdhub.access.ReachableService;
import org.rdhub.access.ReachableStore;
import org.rdhub.addressbook.AddressBookService;
import org.rdhub.addressbook.AddressBookStore;
import org.rdhub.addressbook.BookPresets;
import org.rdhub.audit.ConnectAlarms;
import org.rdhub.audit.LoginAlarms;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.audit.ConsoleAuditService;
import org.rdhub.audit.ConsoleAuditStore;
import org.rdhub.audit.DeviceAuditService;
import org.rdhub.audit.DeviceAuditStore;
import org.rdhub.auth.AccessTokenStore;
import org.rdhub.auth.ApiTokenService;
import org.rdhub.auth.ApiTokenStore;
import org.rdhub.auth.Authenticator;
import org.rdhub.auth.ConsoleSessionStore;
import org.rdhub.auth.ConsoleSessions;
import org.rdhub.auth.LoginChallengeStore;
import org.rdhub.auth.LoginService;
import org.rdhub.auth.LoginThrottle;
import org.rdhub.auth.PasswordHasher;
import org.rdhub.auth.SignOut;
import org.rdhub.auth.TokenUsage;
import org.rdhub.auth.TotpEnrollment;
import org.rdhub.config.Config;
import org.rdhub.db.Database;
import org.rdhub.devices.DevicePresence;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.DeviceStore;
import org.rdhub.devices.OnlineHistory;
import org.rdhub.groups.AccessRules;
import org.rdhub.groups.DeviceGroupService;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.groups.UserGroupService;
import org.rdhub.groups.UserGroupStore;
import org.rdhub.mail.Mailer;
import org.rdhub.protocol.ServerKey;
import org.rdhub.settings.SettingsService;
import org.rdhub.settings.SettingsStore;
import org.rdhub.strategies.StrategyService;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.users.InvitationStore;
import org.rdhub.users.UserInvitations;
import org.rdhub.users.UserService;
import org.rdhub.users.UserStore;

/**
 * The services of one rdhub, wired by hand. The server and the command-line tools both start from here, so they
 * share every rule.
 */
public record App(
        Config config,
        Database database,
        Clock clock,
        Permissions permissions,
        DeviceAuditService deviceAudits,
        TokenUsage tokenUsage,
        Authenticator authenticator,
        LoginService logins,
        ConsoleSessions consoleSessions,
        TotpEnrollment totpEnrollment,
        SettingsService settings,
        ReachableService reachable,
        ConnectAccess connectAccess,
        ApiTokenService apiTokens,
        UserService users,
        UserInvitations invitations,
        StrategyService strategies,
        DeviceService devices,
        AddressBookService addressBooks,
        ConsoleAuditService consoleAudits,
        UserGroupService userGroups,
        DeviceGroupService deviceGroups,
        OnlineHistory onlineHistory,
        ServerKey serverKey,
        PrometheusMeterRegistry metrics) implements AutoCloseable {

    /** Opens (and migrates) the database, reads or makes the server key, and builds the services on them. */
    public static App open(Config config) {
        return open(config, Clock.systemUTC());
    }

    /** The same, on a clock of the caller's choosing (tests move time forward). */
    public static App open(Config config, Clock clock) {
        Database database = Database.open(config);
        Permissions permissions = new Permissions();
        ConsoleAudit audit = new ConsoleAudit(clock);
        PasswordHasher hasher = new PasswordHasher();
        UserStore userStore = new UserStore();
        AccessTokenStore accessTokenStore = new AccessTokenStore();
        ApiTokenStore apiTokenStore = new ApiTokenStore();
        ConsoleSessionStore consoleSessionStore = new ConsoleSessionStore();
        TokenUsage tokenUsage = new TokenUsage(database);
        SettingsService settings = new SettingsService(database, new SettingsStore(), permissions, audit, clock);
        Mailer mailer = new Mailer(settings);
        AccessPolicy accessPolicy = new AccessPolicy();
        ReachableService reachable = new ReachableService(database, accessPolicy, new ReachableStore(), settings);
        DeviceAuditStore deviceAuditStore = new DeviceAuditStore();
        AddressBookStore addressBookStore = new AddressBookStore();
        AddressBookService addressBooks = new AddressBookService(database, addressBookStore, accessPolicy, permissions,
                settings, audit, clock);
        DeviceStore deviceStore = new DeviceStore();
        Authenticator authenticator = new Authenticator(database, accessTokenStore, apiTokenStore, userStore,
                tokenUsage, clock);
        DeviceGroupStore deviceGroupStore = new DeviceGroupStore();
        UserGroupStore userGroupStore = new UserGroupStore();
        AccessRules accessRules = new AccessRules();
        StrategyStore strategyStore = new StrategyStore();
        StrategyService strategies = new StrategyService(database, strategyStore, permissions, audit, clock);
        UserService users = new UserService(database, userStore, userGroupStore, strategyStore,
                new SignOut(accessTokenStore, consoleSessionStore), hasher, permissions, accessPolicy, reachable,
                addressBookStore, audit, mailer, clock);
        DeviceService devices = new DeviceService(database, deviceStore, userStore, deviceGroupStore, strategyStore,
                strategies, settings, new BookPresets(addressBookStore, addressBooks, clock),
                new DevicePresence(database, deviceStore, clock), permissions, audit, clock);
        return new App(
                config,
                database,
                clock,
                permissions,
                new DeviceAuditService(database, deviceAuditStore, permissions, clock),
                tokenUsage,
                authenticator,
                new LoginService(database, userStore, accessTokenStore, new LoginChallengeStore(), hasher,
                        new LoginThrottle(clock), new LoginAlarms(database, deviceAuditStore, clock), mailer,
                        clock),
                new ConsoleSessions(database, consoleSessionStore, userStore, tokenUsage, clock),
                new TotpEnrollment(database, userStore, clock),
                settings,
                reachable,
                new ConnectAccess(database, authenticator, reachable, deviceStore, settings,
                        new ConnectAlarms(database, deviceAuditStore, clock)),
                new ApiTokenService(database, apiTokenStore, permissions, audit, clock),
                users,
                new UserInvitations(database, users, userStore, new InvitationStore(), hasher, permissions, mailer,
                        audit, clock),
                strategies,
                devices,
                addressBooks,
                new ConsoleAuditService(database, new ConsoleAuditStore(), permissions),
                new UserGroupService(database, userGroupStore, accessRules, permissions, audit, clock),
                new DeviceGroupService(database, deviceGroupStore, deviceStore, accessRules, strategies, permissions,
                        audit, clock),
                new OnlineHistory(database, devices, permissions, clock),
                ServerKey.loadOrCreate(config.dataDir()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Override
    public void close() {
        tokenUsage.flush();
        devices.presence().flush();
        database.close();
    }
}
