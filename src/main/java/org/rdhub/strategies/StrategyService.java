package org.rdhub.strategies;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.InvalidatingCache;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.devices.Device;
import org.rdhub.devices.DeviceStore;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;

/**
 * Strategies and which one governs each device. The effective strategy of a device is read on every heartbeat, so
 * it is cached per device; every change made here (and every device reassignment, through {@link #forgetDevice})
 * empties that cache once it has committed.
 */
public final class StrategyService {
    private static final int MAX_OPTION_KEY = 255;

    private final Database database;
    private final StrategyStore store;
    private final DeviceStore devices;
    private final UserStore users;
    private final DeviceGroupStore deviceGroups;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final InvalidatingCache<Long, Optional<EffectiveStrategy>> effective = new InvalidatingCache<>();

    public StrategyService(Database database, StrategyStore store, DeviceStore devices, UserStore users,
            DeviceGroupStore deviceGroups, Permissions permissions, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.store = store;
        this.devices = devices;
        this.users = users;
        this.deviceGroups = deviceGroups;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /** The strategy governing a device (by its row id), from memory after the first read. */
    public Optional<EffectiveStrategy> effectiveFor(long deviceId) {
        return effective.get(deviceId, id -> database.withHandle(h -> store.effectiveFor(h, id)
                .map(strategy -> new EffectiveStrategy(strategy,
                        Collections.unmodifiableMap(store.options(h, strategy.id()))))));
    }

    /** A device's own strategy, owner or device group changed: its effective strategy is read again. */
    public void forgetDevice(long deviceId) {
        effective.invalidate(deviceId);
    }

    /** Replaces the client options a strategy pushes; devices receive them with their next heartbeat. */
    public void setOptions(Caller caller, String strategyGuid, Map<String, String> options) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        Map<String, String> clean = checkedOptions(options);
        database.useTransaction(h -> {
            Strategy strategy = find(h, strategyGuid);
            store.replaceOptions(h, strategy.id(), clean);
            touch(h, strategy);
            // option names only: values such as proxy-password are secrets
            audit.record(h, caller, ConsoleAction.STRATEGY_OPTIONS_CHANGE, strategy.name(),
                    String.join(", ", clean.keySet()));
        });
        effective.invalidateAll();
    }

    /** Enabling re-sends the strategy's options; a disabled strategy governs nothing. */
    public void setEnabled(Caller caller, String strategyGuid, boolean enabled) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        database.useTransaction(h -> {
            Strategy strategy = find(h, strategyGuid);
            store.setEnabled(h, strategy.id(), enabled);
            touch(h, strategy);
            audit.record(h, caller, enabled ? ConsoleAction.STRATEGY_ENABLE : ConsoleAction.STRATEGY_DISABLE,
                    strategy.name(), "");
        });
        effective.invalidateAll();
    }

    /** @param strategyGuid null takes the device's own strategy away */
    public void assignToDevice(Caller caller, String strategyGuid, String rustdeskId) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        long deviceId = database.inTransaction(h -> {
            Strategy strategy = strategyGuid == null ? null : find(h, strategyGuid);
            Device device = devices.findByRustdeskId(h, rustdeskId)
                    .orElseThrow(() -> ServiceException.notFound("No device with id '" + rustdeskId + "'"));
            devices.setStrategy(h, device.id(), strategy == null ? null : strategy.id());
            recordAssignment(h, caller, strategy, "device " + rustdeskId);
            return device.id();
        });
        effective.invalidate(deviceId);
    }

    /** @param strategyGuid null takes the user's strategy away */
    public void assignToUser(Caller caller, String strategyGuid, String userName) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        database.useTransaction(h -> {
            Strategy strategy = strategyGuid == null ? null : find(h, strategyGuid);
            User user = users.findByName(h, userName)
                    .orElseThrow(() -> ServiceException.notFound("No user named '" + userName + "'"));
            store.assignToUser(h, strategy == null ? null : strategy.id(), user.id());
            recordAssignment(h, caller, strategy, "user " + user.name());
        });
        effective.invalidateAll();
    }

    /** @param strategyGuid null takes the device group's strategy away */
    public void assignToDeviceGroup(Caller caller, String strategyGuid, String deviceGroupName) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        database.useTransaction(h -> {
            Strategy strategy = strategyGuid == null ? null : find(h, strategyGuid);
            long groupId = deviceGroups.findIdByName(h, deviceGroupName).orElseThrow(
                    () -> ServiceException.notFound("No device group named '" + deviceGroupName + "'"));
            store.assignToDeviceGroup(h, strategy == null ? null : strategy.id(), groupId);
            recordAssignment(h, caller, strategy, "device group " + deviceGroupName);
        });
        effective.invalidateAll();
    }

    private void recordAssignment(Handle h, Caller caller, Strategy strategy, String target) {
        audit.record(h, caller, ConsoleAction.STRATEGY_ASSIGN, strategy == null ? "" : strategy.name(),
                (strategy == null ? "unassigned from " : "assigned to ") + target);
    }

    private Strategy find(Handle h, String guid) {
        return store.findByGuid(h, guid == null ? "" : guid)
                .orElseThrow(() -> ServiceException.notFound("No strategy with guid '" + guid + "'"));
    }

    /** Moves modified_at forward even within one millisecond, so devices always see the change. */
    private void touch(Handle h, Strategy strategy) {
        store.setModifiedAt(h, strategy.id(), Math.max(clock.millis(), strategy.modifiedAt() + 1));
    }

    private static Map<String, String> checkedOptions(Map<String, String> options) {
        if (options == null) {
            throw ServiceException.invalid("Options are required");
        }
        Map<String, String> clean = new TreeMap<>();
        options.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > MAX_OPTION_KEY) {
                throw ServiceException.invalid("Option names must have 1 to " + MAX_OPTION_KEY + " characters");
            }
            if (value == null) {
                throw ServiceException.invalid("Option '" + key + "' needs a value (an empty one removes it)");
            }
            clean.put(key.strip(), value);
        });
        return clean;
    }
}
