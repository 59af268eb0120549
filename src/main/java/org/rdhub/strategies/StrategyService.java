package org.rdhub.strategies;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import org.rdhub.strategies.StrategyStore.Assignee;
import org.rdhub.strategies.StrategyStore.Target;

/**
 * Strategies and which one governs each device. The effective strategy of a device is read on every heartbeat, so
 * it is cached per device; every change made here (and every device reassignment, through {@link #forgetDevice})
 * empties that cache once it has committed.
 */
public final class StrategyService {
    private static final int MAX_OPTION_KEY = 255;

    private final Database database;
    private final StrategyStore store;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final InvalidatingCache<Long, Optional<EffectiveStrategy>> effective = new InvalidatingCache<>();

    public StrategyService(Database database, StrategyStore store, Permissions permissions, ConsoleAudit audit,
            Clock clock) {
        this.database = database;
        this.store = store;
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

    /** Every strategy, oldest first. */
    public List<Strategy> list(Caller caller) {
        permissions.require(caller, Resource.STRATEGY, Level.READ);
        return database.withHandle(store::list);
    }

    /** One strategy with its options and how many targets have it directly. */
    public StrategyDetails view(Caller caller, String strategyGuid) {
        permissions.require(caller, Resource.STRATEGY, Level.READ);
        return database.withHandle(h -> {
            Strategy strategy = find(h, strategyGuid);
            return new StrategyDetails(strategy, store.options(h, strategy.id()),
                    store.countAssigned(h, Assignee.DEVICE, strategy.id()),
                    store.countAssigned(h, Assignee.USER, strategy.id()),
                    store.countAssigned(h, Assignee.DEVICE_GROUP, strategy.id()));
        });
    }

    /**
     * Gives each target the strategy directly, or with a null {@code strategyGuid} takes its own strategy away (it
     * then falls back to its owner's, its device group's, Default). All targets or none: an unknown guid changes
     * nothing. One console-audit row per target.
     */
    public void assign(Caller caller, String strategyGuid, StrategyTargets targets) {
        permissions.require(caller, Resource.STRATEGY, Level.READ_WRITE);
        if (targets.isEmpty()) {
            throw ServiceException.invalid("Nothing to assign: give peers, users or groups");
        }
        List<Long> deviceIds = database.inTransaction(h -> {
            Strategy strategy = strategyGuid == null ? null : find(h, strategyGuid);
            List<Target> found = new ArrayList<>();
            targets.devices().forEach(guid -> found.add(target(h, Assignee.DEVICE, guid)));
            targets.users().forEach(guid -> found.add(target(h, Assignee.USER, guid)));
            targets.deviceGroups().forEach(guid -> found.add(target(h, Assignee.DEVICE_GROUP, guid)));
            for (Target target : found) {
                store.assign(h, target.assignee(), strategy == null ? null : strategy.id(), target.id());
                // the audit names the strategy given, or for an unassign the one taken away
                audit.record(h, caller, ConsoleAction.STRATEGY_ASSIGN,
                        strategy == null ? target.strategyName() : strategy.name(),
                        (strategy == null ? "unassigned from " : "assigned to ") + target.assignee().label() + " "
                                + target.name());
            }
            return found.stream().filter(t -> t.assignee() == Assignee.DEVICE).map(Target::id).toList();
        });
        // a user's or device group's strategy reaches many devices; a device's only itself
        if (targets.users().isEmpty() && targets.deviceGroups().isEmpty()) {
            deviceIds.forEach(effective::invalidate);
        } else {
            effective.invalidateAll();
        }
    }

    private Target target(Handle h, Assignee assignee, String guid) {
        return store.findTarget(h, assignee, guid).orElseThrow(
                () -> ServiceException.notFound("No " + assignee.label() + " with guid '" + guid + "'"));
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
