package org.rdhub.groups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.db.Database;
import org.rdhub.devices.Device;
import org.rdhub.devices.DeviceStore;
import org.rdhub.groups.AccessRules.Side;
import org.rdhub.strategies.StrategyService;

/**
 * Device groups (device-groups.py): their names, notes and who may reach their devices, and which devices are in
 * them. A device is in at most one group, so adding devices moves them. A device's group can decide its strategy,
 * so every membership change makes the heartbeat read that device's effective strategy again.
 */
public final class DeviceGroupService {

    /** What a request gives; null fields are not given (a change keeps them), an empty list clears the rules. */
    public record Fields(String name, String note, List<AccessRule> incomings) {

        boolean empty() {
            return name == null && note == null && incomings == null;
        }
    }

    /** A group with the users and user groups that may reach its devices. */
    public record View(Group group, List<AccessRule> incomings) {
    }

    private final Database database;
    private final DeviceGroupStore store;
    private final DeviceStore devices;
    private final AccessRules rules;
    private final StrategyService strategies;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;

    public DeviceGroupService(Database database, DeviceGroupStore store, DeviceStore devices, AccessRules rules,
            StrategyService strategies, Permissions permissions, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.store = store;
        this.devices = devices;
        this.rules = rules;
        this.strategies = strategies;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Groups whose name matches the LIKE filter {@code name} (or all), oldest first. */
    public Page<View> list(Caller caller, String name, PageRequest page) {
        return list(caller, name, page, null);
    }

    /** The same in the console's order: {@code name}, {@code members} or {@code created}; null is oldest first. */
    public Page<View> list(Caller caller, String name, PageRequest page, Sort sort) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ);
        return database.withHandle(h -> {
            Page<Group> groups = store.list(h, name, page, sort);
            Map<Long, List<AccessRule>> incomings = rules.rules(h, Side.DEVICE_GROUP_INCOMINGS,
                    groups.data().stream().map(Group::id).toList());
            return groups.map(group -> new View(group, incomings.get(group.id())));
        });
    }

    /** One group with who may reach its devices; an unknown guid is 404. */
    public View get(Caller caller, String guid) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ);
        return database.withHandle(h -> {
            Group group = find(h, guid);
            return new View(group, rules.rules(h, Side.DEVICE_GROUP_INCOMINGS, List.of(group.id())).get(group.id()));
        });
    }

    /** Adds a group; a name taken in any case is 409, an unknown name in a rule 404, and nothing is written. */
    public View create(Caller caller, Fields fields) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ_WRITE);
        String name = Group.checkedName(fields.name());
        String note = fields.note() == null ? "" : Group.checkedNote(fields.note());
        long now = clock.millis();
        return database.inTransaction(h -> {
            String guid = Ids.newGuid();
            long id = store.tryInsert(h, guid, name, note, now).orElseThrow(
                    () -> ServiceException.conflict("A device group named '" + name + "' already exists")
                            .withCode("name_taken"));
            if (fields.incomings() != null) {
                rules.replace(h, Side.DEVICE_GROUP_INCOMINGS, id, fields.incomings(), now);
            }
            audit.record(h, caller, ConsoleAction.DEVICE_GROUP_CREATE, name, changes(fields));
            Group group = find(h, guid);
            return new View(group, rules.rules(h, Side.DEVICE_GROUP_INCOMINGS, List.of(id)).get(id));
        });
    }

    /** Changes only what is given; renaming to a name another group has (in any case) is 409. */
    public void update(Caller caller, String guid, Fields fields) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ_WRITE);
        String newName = fields.name() == null ? null : Group.checkedName(fields.name());
        Group.checkedNote(fields.note());
        long now = clock.millis();
        database.useTransaction(h -> {
            Group group = find(h, guid);
            if (fields.empty()) {
                return;
            }
            String name = newName == null ? group.name() : newName;
            if (!name.equals(group.name()) && store.nameTaken(h, name, group.id())) {
                throw ServiceException.conflict("A device group named '" + name + "' already exists")
                        .withCode("name_taken");
            }
            store.update(h, group.id(), name, fields.note() == null ? group.note() : fields.note(), now);
            if (fields.incomings() != null) {
                rules.replace(h, Side.DEVICE_GROUP_INCOMINGS, group.id(), fields.incomings(), now);
            }
            String changes = changes(fields);
            if (!name.equals(group.name())) {
                changes = "name: " + group.name() + " -> " + name + (changes.isEmpty() ? "" : ", " + changes);
            }
            audit.record(h, caller, ConsoleAction.DEVICE_GROUP_UPDATE, group.name(), changes);
        });
    }

    /** Deletes a group: its devices become ungrouped and its access rules go with it. */
    public void delete(Caller caller, String guid) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ_WRITE);
        List<Long> ungrouped = database.inTransaction(h -> {
            Group group = find(h, guid);
            List<Long> deviceIds = store.deviceIds(h, group.id());
            store.delete(h, group.id());
            audit.record(h, caller, ConsoleAction.DEVICE_GROUP_DELETE, group.name(),
                    deviceIds.isEmpty() ? "" : deviceIds.size() + " device(s) left without a group");
            return deviceIds;
        });
        ungrouped.forEach(strategies::forgetDevice);
    }

    /** Moves the devices (by RustDesk id) into the group, all or none: any unknown id is 404 and nothing moves. */
    public void addDevices(Caller caller, String guid, List<String> rustdeskIds) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ_WRITE);
        List<Long> moved = database.inTransaction(h -> {
            Group group = find(h, guid);
            List<Long> changed = new ArrayList<>();
            for (Device device : findDevices(h, rustdeskIds)) {
                if (device.deviceGroupId() == null || device.deviceGroupId() != group.id()) {
                    devices.setDeviceGroup(h, device.id(), group.id());
                    audit.record(h, caller, ConsoleAction.DEVICE_GROUP_CHANGE, device.rustdeskId(),
                            "device group: " + group.name());
                    changed.add(device.id());
                }
            }
            return changed;
        });
        moved.forEach(strategies::forgetDevice);
    }

    /**
     * Takes the devices (by RustDesk id) out of the group, all or none: any unknown id is 404; a device that is not
     * in this group is left where it is.
     */
    public void removeDevices(Caller caller, String guid, List<String> rustdeskIds) {
        permissions.require(caller, Resource.DEVICE_GROUP, Level.READ_WRITE);
        List<Long> removed = database.inTransaction(h -> {
            Group group = find(h, guid);
            List<Long> changed = new ArrayList<>();
            for (Device device : findDevices(h, rustdeskIds)) {
                if (device.deviceGroupId() != null && device.deviceGroupId() == group.id()) {
                    devices.setDeviceGroup(h, device.id(), null);
                    audit.record(h, caller, ConsoleAction.DEVICE_GROUP_CHANGE, device.rustdeskId(),
                            "removed from device group " + group.name());
                    changed.add(device.id());
                }
            }
            return changed;
        });
        removed.forEach(strategies::forgetDevice);
    }

    private List<Device> findDevices(Handle h, List<String> rustdeskIds) {
        if (rustdeskIds.isEmpty()) {
            throw ServiceException.invalid("Give at least one device id");
        }
        List<Device> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : rustdeskIds.stream().map(String::strip).distinct().toList()) {
            devices.findByRustdeskId(h, id).ifPresentOrElse(found::add, () -> unknown.add(id));
        }
        if (!unknown.isEmpty()) {
            throw ServiceException.notFound("No device with id " + unknown.stream().map(id -> "'" + id + "'")
                    .collect(Collectors.joining(", ")));
        }
        return found;
    }

    private Group find(Handle h, String guid) {
        return store.findByGuid(h, guid == null ? "" : guid)
                .orElseThrow(() -> ServiceException.notFound("No device group with guid '" + guid + "'"));
    }

    private static String changes(Fields fields) {
        List<String> changed = new ArrayList<>();
        if (fields.note() != null) {
            changed.add("note");
        }
        if (fields.incomings() != null) {
            changed.add("allowed_incomings: " + AccessRules.describe(fields.incomings()));
        }
        return String.join(", ", changed);
    }
}
