package org.rdhub.settings;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rdhub.access.Caller;
import org.rdhub.access.Permissions;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.db.Database;

/**
 * Reads and changes the server settings. Values are cached: settings are read on hot paths (device registration)
 * and change rarely, and every change goes through {@link #set}, which refreshes the cache.
 */
public final class SettingsService {
    private final Database database;
    private final SettingsStore store;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final Map<ServerSetting, String> cache = new ConcurrentHashMap<>();

    public SettingsService(Database database, SettingsStore store, Permissions permissions, ConsoleAudit audit,
            Clock clock) {
        this.database = database;
        this.store = store;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    public String get(ServerSetting setting) {
        return cache.computeIfAbsent(setting, s -> database.withHandle(h -> store.get(h, s.key()))
                .orElse(s.defaultValue()));
    }

    public boolean isOn(ServerSetting setting) {
        return Boolean.parseBoolean(get(setting));
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
        String clean = value == null ? "" : value.strip();
        database.useTransaction(h -> {
            store.put(h, setting.key(), clean, clock.millis());
            audit.record(h, caller, ConsoleAction.SETTING_CHANGE, setting.key(), setting.secret() ? "(secret)" : clean);
        });
        cache.put(setting, clean);
    }
}
