package org.rdhub.settings;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rdhub.access.Caller;
import org.rdhub.access.Permissions;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.db.Database;

/**
 * Reads and changes the server settings. Values are cached: settings are read on hot paths (device registration)
 * and change rarely. A change through {@link #set} shows at once in this process; one made by another process
 * (the {@code rdhub setting set} command beside a running server) within {@link #REREAD_MILLIS} ms.
 */
public final class SettingsService {
    private final Database database;
    private final SettingsStore store;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;
    static final long REREAD_MILLIS = 5_000;

    private final Map<ServerSetting, Cached> cache = new ConcurrentHashMap<>();

    public SettingsService(Database database, SettingsStore store, Permissions permissions, ConsoleAudit audit,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    public String get(ServerSetting setting) {
        Cached cached = cache.get(setting);
        long now = clock.millis();
        // a clock set back counts as time passed, so a stale value cannot outlive the change
        if (cached == null || now < cached.readAt() || now - cached.readAt() > REREAD_MILLIS) {
            cached = new Cached(database.withHandle(h -> store.get(h, setting.key())).orElse(setting.defaultValue()),
                    now);
            cache.put(setting, cached);
        }
        return cached.value();
    }

    /** A number setting's value; a stored value that is not a number (from before values were checked) is 0. */
    public int number(ServerSetting setting) {
        try {
            return Integer.parseInt(get(setting));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean isOn(ServerSetting setting) {
        return Boolean.parseBoolean(get(setting));
    }

    /** An address-list setting's entries, in order; none when it is empty. */
    public List<String> addresses(ServerSetting setting) {
        String stored = get(setting);
        return stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    /** Every setting with its current value, secrets blanked, for display. */
    public Map<ServerSetting, String> shown(Caller caller) {
        permissions.requireAdministrator(caller);
        Map<ServerSetting, String> shown = new EnumMap<>(ServerSetting.class);
        for (ServerSetting setting : ServerSetting.values()) {
            shown.put(setting, setting.secret() && !get(setting).isEmpty() ? "********" : get(setting));
        }
        return shown;
    }

    /** Changes one setting, with a console-audit record (a secret's value is not written there). */
    public void set(Caller caller, ServerSetting setting, String value) {
        permissions.requireAdministrator(caller);
        String clean = setting.accept(value);
        database.useTransaction(h -> {
            store.put(h, setting.key(), clean, clock.millis());
            audit.record(h, caller, ConsoleAction.SETTING_CHANGE, setting.key(), setting.secret() ? "(secret)" : clean);
        });
        cache.put(setting, new Cached(clean, clock.millis()));
    }

    private record Cached(String value, long readAt) {
    }
}
