package org.rdhub.settings;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for the {@code settings} table: text values by key. */
public final class SettingsStore {

    public Optional<String> get(Handle h, String key) {
        return h.createQuery("SELECT value FROM settings WHERE setting_key = :key").bind("key", key)
                .mapTo(String.class).findOne();
    }

    public void put(Handle h, String key, String value, long now) {
        int updated = h.createUpdate("UPDATE settings SET value = :value, updated_at = :now WHERE setting_key = :key")
                .bind("key", key).bind("value", value).bind("now", now).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO settings (setting_key, value, updated_at) VALUES (:key, :value, :now)")
                    .bind("key", key).bind("value", value).bind("now", now).execute();
        }
    }
}
