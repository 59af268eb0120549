package org.rdhub.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.addressbook.BookPlacement;
import org.rdhub.addressbook.BookPresets;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.InvalidatingCache;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.db.Database;
import org.rdhub.groups.DeviceGroupStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;
import org.rdhub.strategies.EffectiveStrategy;
import org.rdhub.strategies.StrategyService;
import org.rdhub.strategies.StrategyStore;
import org.rdhub.users.User;
import org.rdhub.users.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices as RustDesk clients report them (sysinfo, heartbeat) and as administrators provision them
 * ({@code rustdesk --assign}, {@code --deploy}). Heartbeats are answered from memory: the device and its effective
 * strategy are cached, and presence is written in batches by {@link DevicePresence}.
 */
public final class DeviceService {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceService.class);

    /** RustDesk IDs: digits for generated ones; letters, digits, '-' and '_' for custom ones. */
    private static final Pattern RUSTDESK_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final int MAX_NAME = 255;
    private static final int MAX_SHORT = 64;
    private static final int MAX_UUID = 1024;
    private static final int MAX_NOTE = 10_000;
    private static final int PUBLIC_KEY_BYTES = 32;
    private static final String PRESET_PREFIX = "preset-";

    /** What {@code POST /api/sysinfo} answers; the client treats anything but the first as "retry later". */
    public enum SysinfoResult {
        SYSINFO_UPDATED,
        NEW_DEVICES_DISABLED,
        NOT_DEPLOYED,
        UUID_MISMATCH
    }

    /** What {@code POST /api/devices/deploy} answers, as {@code {"result": name}}. */
    public enum DeployResult {
        OK,
        NOT_ENABLED,
        INVALID_INPUT,
        ID_TAKEN
    }

    /** A heartbeat as the client sends it; {@code conns} lists its live incoming connections. */
    public record Heartbeat(String id, String uuid, List<Integer> conns, long modifiedAt) {
    }

    /**
     * What a heartbeat is told: send sysinfo again, end these connections, and the strategy timestamp with, when
     * the device's copy is out of date, the options to apply. Null fields are left out.
     */
    public record HeartbeatReply(boolean sysinfoWanted, List<Integer> disconnect, Long modifiedAt,
            Map<String, String> strategyOptions) {

        static final HeartbeatReply NOTHING = new HeartbeatReply(false, List.of(), null, null);
    }

    /**
     * {@code rustdesk --assign}: a null field is left as it is; an empty name takes the assignment away. The admin
     * API names the device by guid instead and leaves {@code id} and {@code uuid} null.
     *
     * @param addressBook where the {@code address_book_*} fields put the device, or null when none came along
     */
    public record Assignment(String id, String uuid, String userName, String strategyName, String deviceGroupName,
            String note, String deviceUsername, String deviceName, BookPlacement addressBook) {

        boolean empty() {
            return userName == null && strategyName == null && deviceGroupName == null && note == null
                    && deviceUsername == null && deviceName == null && addressBook == null;
        }
    }

    private final Database database;
    private final DeviceStore store;
    private final UserStore users;
    private final DeviceGroupStore deviceGroups;
    private final StrategyStore strategyStore;
    private final StrategyService strategies;
    private final SettingsService settings;
    private final BookPresets bookPresets;
    private final DevicePresence presence;
    private final DisconnectRequests disconnects;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;
    /** Registered devices by RustDesk ID; unknown ids are not cached, so made-up ids cannot fill the memory. */
    private final InvalidatingCache<String, Device> known = new InvalidatingCache<>();

    public DeviceService(Database database, DeviceStore store, UserStore users, DeviceGroupStore deviceGroups,
            StrategyStore strategyStore, StrategyService strategies, SettingsService settings, BookPresets bookPresets,
            DevicePresence presence, Permissions permissions, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.store = store;
        this.users = users;
        this.deviceGroups = deviceGroups;
        this.strategyStore = strategyStore;
        this.strategies = strategies;
        this.settings = settings;
        this.bookPresets = bookPresets;
        this.presence = presence;
        this.disconnects = new DisconnectRequests(clock);
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether {@code id} has the form of a RustDesk ID, as sysinfo, heartbeats and deployment require. */
    public static boolean isRustdeskId(String id) {
        return id != null && RUSTDESK_ID.matcher(id).matches();
    }

    public DevicePresence presence() {
        return presence;
    }

    public boolean isOnline(String rustdeskId) {
        return presence.isOnline(rustdeskId);
    }

    /**
     * Stores what a client reports about itself. An unknown id registers a new device (unless registration is
     * closed), with the presets of its custom client applied; presets of later uploads are ignored.
     */
    public SysinfoResult sysinfo(ObjectNode body, String ip) {
        String id = requiredId(body, "id");
        String uuid = required(body, "uuid", MAX_UUID);
        DeviceStore.Sysinfo reported = new DeviceStore.Sysinfo(uuid,
                optional(body, "hostname", MAX_NAME), optional(body, "os", MAX_NAME),
                optional(body, "username", MAX_NAME), optional(body, "version", MAX_SHORT),
                optional(body, "cpu", MAX_NAME), optional(body, "memory", MAX_SHORT), withoutPresets(body));
        String presetUser = optional(body, "preset-user-name", MAX_NAME);
        String presetStrategy = optional(body, "preset-strategy-name", MAX_NAME);
        String presetGroup = optional(body, "preset-device-group-name", MAX_NAME);
        String presetNote = optional(body, "preset-note", MAX_NOTE);
        // absent and empty preset fields read as "", and mean "not set"
        String presetBook = optional(body, "preset-address-book-name", MAX_NAME);
        BookPlacement presetPlacement = presetBook.isBlank() ? null : new BookPlacement(presetBook,
                emptyToNull(optional(body, "preset-address-book-tag", MAX_NAME)),
                emptyToNull(optional(body, "preset-address-book-alias", MAX_NAME)),
                emptyToNull(optional(body, "preset-address-book-password", MAX_NAME)),
                emptyToNull(optional(body, "preset-address-book-note", MAX_NOTE)));
        long now = clock.millis();

        record Outcome(SysinfoResult result, long deviceId) {
        }
        Outcome outcome = database.inTransaction(h -> {
            Optional<Device> existing = store.findByRustdeskId(h, id);
            if (existing.isEmpty()) {
                if (settings.isOn(ServerSetting.DISABLE_NEW_DEVICES)) {
                    return new Outcome(SysinfoResult.NEW_DEVICES_DISABLED, 0);
                }
                if (settings.isOn(ServerSetting.REQUIRE_DEPLOYMENT)) {
                    return new Outcome(SysinfoResult.NOT_DEPLOYED, 0);
                }
                var presets = new DeviceStore.Presets(
                        presetId(presetUser, "user", name -> users.findByName(h, name).map(User::id)),
                        presetId(presetStrategy, "strategy", name -> strategyStore.findIdByName(h, name)),
                        presetId(presetGroup, "device group", name -> deviceGroups.findIdByName(h, name)),
                        presetNote);
                Optional<Long> created = store.insertFromSysinfo(h, id, reported, presets, ip, now);
                if (created.isPresent()) {
                    if (presetPlacement != null) {
                        placePreset(h, presetPlacement, id, reported);
                    }
                    return new Outcome(SysinfoResult.SYSINFO_UPDATED, created.get());
                }
                // another upload of this id registered it a moment ago: this one is an update of that row
                existing = store.findByRustdeskId(h, id);
            }
            Device device = existing.orElseThrow();
            if (!device.uuidMatches(uuid)) {
                return new Outcome(SysinfoResult.UUID_MISMATCH, 0);
            }
            store.updateSysinfo(h, device.id(), reported, ip, now);
            return new Outcome(SysinfoResult.SYSINFO_UPDATED, device.id());
        });
        if (outcome.result() == SysinfoResult.SYSINFO_UPDATED) {
            changed(id, outcome.deviceId());
            presence.heardAndStored(outcome.deviceId(), id, ip);
        }
        return outcome.result();
    }

    /**
     * Records that the device is alive (in memory) and tells it what to do. An unknown device is asked for its
     * sysinfo; one whose uuid does not match is told nothing; a disabled device gets no strategy.
     */
    public HeartbeatReply heartbeat(Heartbeat heartbeat, String ip) {
        String id = heartbeat.id() == null ? "" : heartbeat.id().strip();
        if (id.isEmpty()) {
            throw ServiceException.invalid("Field 'id' is required");
        }
        if (!RUSTDESK_ID.matcher(id).matches()) {
            throw ServiceException.invalid("Field 'id' must be a RustDesk ID");
        }
        if (heartbeat.uuid() == null || heartbeat.uuid().isBlank()) {
            throw ServiceException.invalid("Field 'uuid' is required");
        }
        Device device = known.get(id, key -> database.withHandle(h -> store.findByRustdeskId(h, key)).orElse(null));
        if (device == null) {
            return new HeartbeatReply(true, List.of(), null, null);
        }
        if (!device.uuidMatches(heartbeat.uuid())) {
            return HeartbeatReply.NOTHING;
        }
        List<Integer> conns = heartbeat.conns() == null ? List.of() : heartbeat.conns();
        presence.heard(device.id(), id, ip, conns);
        List<Integer> disconnect = disconnects.take(id, conns);
        Long modifiedAt = null;
        Map<String, String> options = null;
        if (device.enabled()) {
            Optional<EffectiveStrategy> strategy = strategies.effectiveFor(device.id());
            if (strategy.isPresent()) {
                modifiedAt = strategy.get().strategy().modifiedAt();
                if (modifiedAt != heartbeat.modifiedAt()) {
                    options = strategy.get().options();
                }
            }
        }
        return new HeartbeatReply(device.sysinfoAt() == null, disconnect, modifiedAt, options);
    }

    /** What becomes of a key a client registers with the rendezvous server. */
    public enum KeyResult {
        STORED,
        UUID_MISMATCH,
        /** Disabled by an administrator, or a new device while registration is closed or needs deployment. */
        REFUSED
    }

    /** A registered device, from the cache heartbeats read too, so frequent registrations read no database. */
    public Optional<Device> registered(String rustdeskId) {
        return Optional.ofNullable(known.get(rustdeskId,
                key -> database.withHandle(h -> store.findByRustdeskId(h, key)).orElse(null)));
    }

    /** The rendezvous server heard from the device: it counts online as after a heartbeat (written in batches). */
    public void heardByRendezvous(Device device, String ip) {
        presence.heardAlive(device.id(), device.rustdeskId(), ip);
    }

    /**
     * Stores the uuid and public key (both Base64) a client registers with, making a new device unless
     * registration is closed; written only when they differ from the stored ones.
     */
    public KeyResult storeKey(String rustdeskId, String uuid, String publicKey, String ip) {
        Optional<Device> cached = registered(rustdeskId);
        if (cached.isPresent() && !cached.get().enabled()) {
            return KeyResult.REFUSED;
        }
        if (cached.isPresent() && uuid.equals(cached.get().uuid()) && publicKey.equals(cached.get().publicKey())) {
            return KeyResult.STORED;
        }
        KeyResult result = database.inTransaction(h -> {
            Optional<Device> existing = store.findByRustdeskId(h, rustdeskId);
            if (existing.isEmpty()) {
                if (settings.isOn(ServerSetting.DISABLE_NEW_DEVICES)
                        || settings.isOn(ServerSetting.REQUIRE_DEPLOYMENT)) {
                    return KeyResult.REFUSED;
                }
                if (store.insertKnown(h, new DeviceStore.Known(rustdeskId, uuid, publicKey, clock.millis(), ip, ""))) {
                    return KeyResult.STORED;
                }
                existing = store.findByRustdeskId(h, rustdeskId);
            }
            Device device = existing.orElseThrow();
            if (!device.enabled()) {
                return KeyResult.REFUSED;
            }
            if (!device.uuidMatches(uuid)) {
                return KeyResult.UUID_MISMATCH;
            }
            store.setKey(h, device.id(), uuid, publicKey);
            return KeyResult.STORED;
        });
        known.invalidate(rustdeskId);
        return result;
    }

    public enum IdChange {
        CHANGED,
        /** No device under the old ID, or it belongs to another machine. */
        UUID_MISMATCH,
        ID_EXISTS,
        /** Disabled by an administrator. */
        REFUSED
    }

    /**
     * A client renames itself (protocol.md §5.6): the machine that holds the old ID (same uuid) takes the new one,
     * keeping its user, groups, note and key. Recorded in the console audit as done by the server for the client.
     */
    public IdChange changeId(String oldId, String newId, String uuid, String ip) {
        IdChange result = database.inTransaction(h -> {
            Optional<Device> device = store.findByRustdeskId(h, oldId);
            if (device.isEmpty() || device.get().uuid() == null || !device.get().uuid().equals(uuid)) {
                return IdChange.UUID_MISMATCH;
            }
            if (!device.get().enabled()) {
                return IdChange.REFUSED;
            }
            if (store.findByRustdeskId(h, newId).isPresent()) {
                return IdChange.ID_EXISTS;
            }
            store.rename(h, device.get().id(), newId);
            audit.recordSystem(h, ConsoleAction.DEVICE_ID_CHANGE, newId, "was " + oldId + ", changed by the client at " + ip);
            return IdChange.CHANGED;
        });
        known.invalidate(oldId);
        known.invalidate(newId);
        return result;
    }

    /** Asks a device to end one incoming connection; it is told with its next heartbeat that still lists it. */
    public void requestDisconnect(Caller caller, String rustdeskId, int connId) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        database.useTransaction(h -> {
            findDevice(h, rustdeskId);
            audit.record(h, caller, ConsoleAction.DEVICE_DISCONNECT, rustdeskId, "connection " + connId);
        });
        disconnects.request(rustdeskId, connId);
    }

    /** {@code rustdesk --assign}: every change lands, or (on any unknown name) none does. */
    public void assign(Caller caller, Assignment assignment) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        if (assignment.id() == null || assignment.id().isBlank()) {
            throw ServiceException.invalid("Field 'id' is required");
        }
        if (assignment.uuid() == null || assignment.uuid().isBlank()) {
            throw ServiceException.invalid("Field 'uuid' is required");
        }
        checkAssignment(assignment);
        String id = assignment.id().strip();
        Device device = database.inTransaction(h -> {
            Device found = findDevice(h, id);
            if (!found.uuidMatches(assignment.uuid())) {
                throw ServiceException.conflict("Device '" + id + "' is registered with a different uuid");
            }
            apply(h, caller, found, assignment);
            return found;
        });
        changed(device.rustdeskId(), device.id());
    }

    /**
     * devices.py {@code assign --assign_to type=value} on the device with this guid: the same assignment as
     * {@code rustdesk --assign}, one field at a time. For {@code ab} the value is the book's name, optionally
     * followed by {@code ,tag,alias,password,note}.
     */
    public void assign(Caller caller, String guid, String type, String value) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        Assignment assignment = assignmentOf(type, value);
        checkAssignment(assignment);
        Device device = database.inTransaction(h -> {
            Device found = findByGuid(h, guid);
            apply(h, caller, found, assignment);
            return found;
        });
        changed(device.rustdeskId(), device.id());
    }

    /** Devices matching the filters, with their presence from memory. */
    public Page<DeviceSummary> list(Caller caller, DeviceFilter filter, PageRequest page) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        return database.withHandle(h -> store.list(h, filter, page)).map(this::withPresence);
    }

    /**
     * The console's device list: every device for callers who may read devices (administrators, tokens with the
     * devices permission), and for other signed-in users only the devices they own. {@code sort} names one of
     * {@link #SORT_COLUMNS}.
     */
    public Page<DeviceSummary> browse(Caller caller, DeviceFilter filter, PageRequest page, Sort sort) {
        DeviceFilter visible = visibleTo(caller, filter);
        return database.withHandle(h -> store.list(h, visible, presence.onlineIds(), page, sortOf(sort)))
                .map(this::withPresence);
    }

    /** Every device of {@link #browse} (for the console's CSV export), in its order. */
    public List<DeviceSummary> browseAll(Caller caller, DeviceFilter filter, Sort sort) {
        DeviceFilter visible = visibleTo(caller, filter);
        return database.withHandle(h -> store.all(h, visible, presence.onlineIds(), sortOf(sort))).stream()
                .map(this::withPresence).toList();
    }

    /** The columns {@link #browse} sorts by. */
    public static final List<String> SORT_COLUMNS = List.of("id", "name", "user", "group", "device_group", "os",
            "version", "ip", "last_online", "note", "strategy");

    /** A non-administrator sees their own devices; anybody else needs the devices read permission. */
    private DeviceFilter visibleTo(Caller caller, DeviceFilter filter) {
        if (caller instanceof Caller.User user && !user.admin()) {
            return filter.ownedBy(user.userId());
        }
        permissions.require(caller, Resource.DEVICE, Level.READ);
        return filter;
    }

    private static Sort sortOf(Sort sort) {
        if (sort == null || !SORT_COLUMNS.contains(sort.column())) {
            throw ServiceException.invalid("Devices are sorted by one of " + String.join(", ", SORT_COLUMNS));
        }
        return sort;
    }

    /** One device as the list shows it, by guid. */
    public DeviceSummary view(Caller caller, String guid) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        return database.withHandle(h -> store.summary(h, guid == null ? "" : guid.strip()))
                .map(this::withPresence)
                .orElseThrow(() -> ServiceException.notFound("No device with guid '" + guid + "'"));
    }

    /** The names a device can be assigned to, for the console's drop-downs. */
    public record Choices(List<String> users, List<String> userGroups, List<String> deviceGroups,
            List<String> strategies) {
    }

    public Choices choices(Caller caller) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        return database.withHandle(h -> new Choices(
                store.names(h, DeviceStore.Assignable.USERS),
                store.names(h, DeviceStore.Assignable.USER_GROUPS),
                store.names(h, DeviceStore.Assignable.DEVICE_GROUPS),
                store.names(h, DeviceStore.Assignable.STRATEGIES)));
    }

    /**
     * The console's Edit: the assignment of the device with this guid, where each field is the value wanted
     * (an empty name takes the assignment away). Fields already so are left out, so the audit names what changed;
     * when nothing changed nothing is written.
     *
     * @return whether anything changed
     */
    public boolean edit(Caller caller, String guid, Assignment wanted) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        checkLength("note", wanted.note(), MAX_NOTE);
        checkLength("device_username", wanted.deviceUsername(), MAX_NAME);
        checkLength("device_name", wanted.deviceName(), MAX_NAME);
        Device device = database.inTransaction(h -> {
            Device found = findByGuid(h, guid);
            DeviceSummary now = store.summary(h, found.guid()).orElseThrow();
            Assignment changes = new Assignment(null, null,
                    changedName(wanted.userName(), now.ownerName()),
                    changedName(wanted.strategyName(), now.strategyName()),
                    changedName(wanted.deviceGroupName(), now.deviceGroupName()),
                    wanted.note() == null || wanted.note().equals(found.note()) ? null : wanted.note(),
                    changedText(wanted.deviceUsername(), found.usernameAlias()),
                    changedText(wanted.deviceName(), found.alias()),
                    null);
            if (changes.empty()) {
                return null;
            }
            apply(h, caller, found, changes);
            return found;
        });
        if (device == null) {
            return false;
        }
        changed(device.rustdeskId(), device.id());
        return true;
    }

    /** A wanted name, or null when it is the current one (names compare as the database does, ignoring case). */
    private static String changedName(String wanted, String current) {
        if (wanted == null || wanted.strip().equalsIgnoreCase(current == null ? "" : current)) {
            return null;
        }
        return wanted;
    }

    private static String changedText(String wanted, String current) {
        return wanted == null || wanted.strip().equals(current == null ? "" : current) ? null : wanted;
    }

    /** How many devices are online now and how many there are, for the console's welcome page. */
    public record Counts(long online, long total) {
    }

    public Counts counts(Caller caller) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        long total = database.withHandle(h -> store.list(h, new DeviceFilter(null, null, null, null, null, null),
                new PageRequest(1, 1))).total();
        return new Counts(Math.min(presence.onlineCount(), total), total);
    }

    /** Every device matching the filters (for the CSV export), with their presence from memory. */
    public List<DeviceSummary> export(Caller caller, DeviceFilter filter) {
        permissions.require(caller, Resource.DEVICE, Level.READ);
        return database.withHandle(h -> store.all(h, filter)).stream().map(this::withPresence).toList();
    }

    /**
     * Enables or disables devices, all or none. A disabled device stays listed and recorded but gets no strategy;
     * the change reaches its next heartbeat.
     */
    public void setEnabled(Caller caller, List<String> guids, boolean enabled) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        List<Device> changed = database.inTransaction(h -> {
            List<Device> found = findAllByGuid(h, guids);
            for (Device device : found) {
                store.setEnabled(h, device.id(), enabled);
                audit.record(h, caller, enabled ? ConsoleAction.DEVICE_ENABLE : ConsoleAction.DEVICE_DISABLE,
                        device.rustdeskId(), "");
            }
            return found;
        });
        changed.forEach(device -> changed(device.rustdeskId(), device.id()));
    }

    /**
     * Deletes devices, all or none. Address-book entries and audits name devices by id and stay; a deleted device
     * that is still running registers again with its next sysinfo, as a new device.
     */
    public void delete(Caller caller, List<String> guids) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        List<Device> deleted = database.inTransaction(h -> {
            List<Device> found = findAllByGuid(h, guids);
            for (Device device : found) {
                store.delete(h, device.id());
                audit.record(h, caller, ConsoleAction.DEVICE_DELETE, device.rustdeskId(), "");
            }
            return found;
        });
        deleted.forEach(this::forget);
    }

    /**
     * Deletes the devices not heard from for {@code purge-offline-devices-after-days} days (never heard from:
     * counted from registration), each in its own transaction with its audit record. 0 days turns this off.
     *
     * @return how many devices were deleted
     */
    public int purgeOffline() {
        int days = settings.number(ServerSetting.PURGE_OFFLINE_DEVICES_AFTER_DAYS);
        if (days <= 0) {
            return 0;
        }
        long cutoff = clock.millis() - Duration.ofDays(days).toMillis();
        int purged = 0;
        for (Device device : database.withHandle(h -> store.silentSince(h, cutoff))) {
            // heard since the last flush: the stored time is behind, the device is not silent
            if (presence.lastSeen(device.rustdeskId()).filter(seen -> seen.at() >= cutoff).isPresent()) {
                continue;
            }
            boolean deleted = database.inTransaction(h -> {
                // re-read in the transaction: a sysinfo may have arrived since the list was read
                Optional<Device> current = store.findByGuid(h, device.guid());
                if (current.isEmpty() || lastHeard(current.get()) >= cutoff) {
                    return false;
                }
                store.delete(h, device.id());
                audit.recordSystem(h, ConsoleAction.DEVICE_PURGE, device.rustdeskId(),
                        "not heard from for " + days + " days");
                return true;
            });
            if (deleted) {
                forget(device);
                purged++;
            }
        }
        if (purged > 0) {
            LOG.info("purged {} devices not heard from for {} days", purged, days);
        }
        return purged;
    }

    /** The purge as a scheduled job: a failure is logged and the next run tries again. */
    public void purgeOfflineQuietly() {
        try {
            purgeOffline();
        } catch (RuntimeException e) {
            LOG.warn("could not purge offline devices: {}", e.getMessage());
        }
    }

    /**
     * {@code rustdesk --deploy}: registers (or re-registers) a device ahead of its first sysinfo, when the server
     * requires deployment.
     */
    public DeployResult deploy(Caller caller, String rustdeskId, String uuid, String publicKey) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        if (!settings.isOn(ServerSetting.REQUIRE_DEPLOYMENT)) {
            return DeployResult.NOT_ENABLED;
        }
        String id = rustdeskId == null ? "" : rustdeskId.strip();
        if (!RUSTDESK_ID.matcher(id).matches() || uuid == null || uuid.isBlank() || uuid.length() > MAX_UUID
                || !isPublicKey(publicKey)) {
            return DeployResult.INVALID_INPUT;
        }
        long now = clock.millis();
        DeployResult result = database.inTransaction(h -> {
            Optional<Device> existing = store.findByRustdeskId(h, id);
            if (existing.isEmpty() && !store.insertDeployed(h, id, uuid, publicKey, now)) {
                // registered by another request a moment ago: judged like any known device
                existing = store.findByRustdeskId(h, id);
            }
            if (existing.isPresent()) {
                if (!existing.get().uuidMatches(uuid)) {
                    return DeployResult.ID_TAKEN;
                }
                store.markDeployed(h, existing.get().id(), uuid, publicKey, now);
            }
            audit.record(h, caller, ConsoleAction.DEVICE_DEPLOY, id, "");
            return DeployResult.OK;
        });
        if (result == DeployResult.OK) {
            known.invalidate(id);
        }
        return result;
    }

    /** What {@link #importDevices} did: the ids it added and those it left alone because they existed. */
    public record ImportResult(List<String> imported, List<String> skipped) {
    }

    /**
     * Adds devices from another server in one transaction, with one audit record; an id rdhub knows already is
     * skipped, never overwritten. Nothing is cached for unknown ids, so a running server sees the new devices at
     * once.
     *
     * @param source where the devices come from, for the audit record
     * @param rejected how many rows of the source could not be read, for the audit record
     */
    public ImportResult importDevices(Caller caller, String source, List<DeviceStore.Known> devices,
            int rejected) {
        permissions.require(caller, Resource.DEVICE, Level.READ_WRITE);
        return database.inTransaction(h -> {
            List<String> imported = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (DeviceStore.Known device : devices) {
                (store.insertKnown(h, device) ? imported : skipped).add(device.rustdeskId());
            }
            audit.record(h, caller, ConsoleAction.DEVICE_IMPORT, "", "from " + source + ": imported " + imported.size()
                    + ", skipped " + skipped.size() + " (already present), rejected " + rejected);
            return new ImportResult(imported, skipped);
        });
    }

    private void changed(String rustdeskId, long deviceId) {
        known.invalidate(rustdeskId);
        strategies.forgetDevice(deviceId);
    }

    /** When the device was last heard from as stored, or its registration for a device never heard from. */
    private static long lastHeard(Device device) {
        return device.lastOnlineAt() == null ? device.createdAt() : device.lastOnlineAt();
    }

    private void forget(Device device) {
        changed(device.rustdeskId(), device.id());
        presence.forget(device.id(), device.rustdeskId());
    }

    private DeviceSummary withPresence(DeviceSummary device) {
        return device.withPresence(presence.isOnline(device.rustdeskId()),
                presence.lastSeen(device.rustdeskId()).orElse(null));
    }

    /** The changes of one assignment, in the caller's transaction, with one audit record naming them. */
    private void apply(Handle h, Caller caller, Device device, Assignment assignment) {
        List<String> changes = new ArrayList<>();
        if (assignment.userName() != null) {
            store.setOwner(h, device.id(), assigned(assignment.userName(), "user", "unknown_user",
                    name -> users.findByName(h, name).map(User::id)));
            changes.add("user=" + assignment.userName().strip());
        }
        if (assignment.strategyName() != null) {
            store.setStrategy(h, device.id(), assigned(assignment.strategyName(), "strategy", "unknown_strategy",
                    name -> strategyStore.findIdByName(h, name)));
            changes.add("strategy=" + assignment.strategyName().strip());
        }
        if (assignment.deviceGroupName() != null) {
            store.setDeviceGroup(h, device.id(), assigned(assignment.deviceGroupName(), "device group",
                    "unknown_device_group",
                    name -> deviceGroups.findIdByName(h, name)));
            changes.add("device group=" + assignment.deviceGroupName().strip());
        }
        if (assignment.note() != null) {
            store.setNote(h, device.id(), assignment.note());
            changes.add("note");
        }
        if (assignment.deviceUsername() != null) {
            store.setUsernameAlias(h, device.id(), assignment.deviceUsername().strip());
            changes.add("device username=" + assignment.deviceUsername().strip());
        }
        if (assignment.deviceName() != null) {
            store.setAlias(h, device.id(), assignment.deviceName().strip());
            changes.add("device name=" + assignment.deviceName().strip());
        }
        if (assignment.addressBook() != null) {
            bookPresets.place(h, assignment.addressBook(), device.rustdeskId(), device.hostname(), device.username(),
                    device.os());
            changes.add("address book=" + assignment.addressBook().bookName().strip());
        }
        audit.record(h, caller, ConsoleAction.DEVICE_ASSIGN, device.rustdeskId(), String.join(", ", changes));
    }

    private static void checkAssignment(Assignment assignment) {
        if (assignment.empty()) {
            throw ServiceException.invalid("Nothing to assign: give a user, strategy, device group, address book, "
                    + "note, device username or device name");
        }
        checkLength("note", assignment.note(), MAX_NOTE);
        checkLength("device_username", assignment.deviceUsername(), MAX_NAME);
        checkLength("device_name", assignment.deviceName(), MAX_NAME);
    }

    /** One devices.py {@code --assign_to type=value} as the assignment {@code rustdesk --assign} would make. */
    private static Assignment assignmentOf(String type, String value) {
        if (type == null || type.isBlank()) {
            throw ServiceException.invalid("Field 'type' is required");
        }
        if (value == null) {
            throw ServiceException.invalid("Field 'value' is required");
        }
        return switch (type.strip()) {
            case "user_name" -> new Assignment(null, null, value, null, null, null, null, null, null);
            case "strategy_name" -> new Assignment(null, null, null, value, null, null, null, null, null);
            case "device_group_name" -> new Assignment(null, null, null, null, value, null, null, null, null);
            case "note" -> new Assignment(null, null, null, null, null, value, null, null, null);
            case "device_username" -> new Assignment(null, null, null, null, null, null, value, null, null);
            case "device_name" -> new Assignment(null, null, null, null, null, null, null, value, null);
            case "ab" -> new Assignment(null, null, null, null, null, null, null, null, placementOf(value));
            default -> throw ServiceException.invalid("Unknown assignment type '" + type.strip() + "': use ab, "
                    + "strategy_name, user_name, device_group_name, note, device_username or device_name");
        };
    }

    /** {@code book} or {@code book,tag,alias,password,note}; the note keeps any further commas, empty parts are unset. */
    private static BookPlacement placementOf(String value) {
        String[] parts = value.split(",", 5);
        if (parts[0].isBlank()) {
            throw ServiceException.invalid("An ab value is a book name, or book,tag,alias,password,note");
        }
        return new BookPlacement(parts[0].strip(), part(parts, 1), part(parts, 2), part(parts, 3), part(parts, 4));
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isBlank() ? parts[index].strip() : null;
    }

    private Device findByGuid(Handle h, String guid) {
        return store.findByGuid(h, guid == null ? "" : guid.strip())
                .orElseThrow(() -> ServiceException.notFound("No device with guid '" + guid + "'"));
    }

    /** Each named device, or 404 naming the first unknown guid; the same guid twice is refused. */
    private List<Device> findAllByGuid(Handle h, List<String> guids) {
        if (guids == null || guids.isEmpty()) {
            throw ServiceException.invalid("Give at least one device guid");
        }
        List<Device> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String guid : guids) {
            if (guid == null || !seen.add(guid.strip())) {
                throw ServiceException.invalid(guid == null ? "A device guid is null"
                        : "Device guid '" + guid + "' is given twice");
            }
            found.add(findByGuid(h, guid));
        }
        return found;
    }

    private Device findDevice(Handle h, String rustdeskId) {
        return store.findByRustdeskId(h, rustdeskId == null ? "" : rustdeskId.strip())
                .orElseThrow(() -> ServiceException.notFound("No device with id '" + rustdeskId + "'"));
    }

    /** The id an {@code --assign} name stands for: null for an empty name (unassign), not found for an unknown one. */
    private static Long assigned(String name, String kind, String code, Function<String, Optional<Long>> find) {
        if (name.isBlank()) {
            return null;
        }
        return find.apply(name.strip())
                .orElseThrow(() -> ServiceException.notFound("No " + kind + " named '" + name.strip() + "'")
                        .withCode(code));
    }

    /** Like the other presets, a book that cannot take the device is logged and the device still registers. */
    private void placePreset(Handle h, BookPlacement placement, String id, DeviceStore.Sysinfo reported) {
        try {
            bookPresets.place(h, placement, id, reported.hostname(), reported.username(), reported.os());
        } catch (ServiceException e) {
            LOG.warn("[{}] sysinfo preset address book '{}' not applied: {}", id, placement.bookName(), e.getMessage());
        }
    }

    /** A preset names something that may not exist (yet): the device still registers, without that assignment. */
    private static Long presetId(String name, String kind, Function<String, Optional<Long>> find) {
        if (name.isBlank()) {
            return null;
        }
        Optional<Long> id = find.apply(name.strip());
        if (id.isEmpty()) {
            LOG.warn("sysinfo preset names unknown {} '{}'; the device registers without it", kind, name.strip());
        }
        return id.orElse(null);
    }

    private static boolean isPublicKey(String base64) {
        if (base64 == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(base64.strip()).length == PUBLIC_KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String requiredId(JsonNode body, String field) {
        String id = required(body, field, 100);
        if (!RUSTDESK_ID.matcher(id).matches()) {
            throw ServiceException.invalid("Field '" + field + "' must be a RustDesk ID");
        }
        return id;
    }

    private static String required(JsonNode body, String field, int maxLength) {
        String value = optional(body, field, maxLength);
        if (value.isBlank()) {
            throw ServiceException.invalid("Field '" + field + "' is required");
        }
        return value.strip();
    }

    private static String optional(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw ServiceException.invalid("Field '" + field + "' has the wrong type");
        }
        checkLength(field, value.asText(), maxLength);
        return value.asText();
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static void checkLength(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ServiceException.invalid("Field '" + field + "' is longer than " + maxLength + " characters")
                    .withCode("too_long_" + field);
        }
    }

    private static String withoutPresets(ObjectNode body) {
        ObjectNode info = body.deepCopy();
        List<String> presets = new ArrayList<>();
        info.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(PRESET_PREFIX)) {
                presets.add(name);
            }
        });
        info.remove(presets);
        return info.toString();
    }
}
