package org.rdhub.access;

import java.util.Arrays;
import java.util.Optional;

/** The resources an API token holds permissions on, as Pro's console lists them. */
public enum Resource {
    DEVICE("device", "Device"),
    AUDIT_LOG("audit-log", "Audit Log"),
    USER("user", "User"),
    USER_GROUP("user-group", "User Group"),
    DEVICE_GROUP("device-group", "Device Group"),
    STRATEGY("strategy", "Strategy"),
    ADDRESS_BOOK("address-book", "Address Book");

    private final String key;
    private final String label;

    Resource(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The stable name used in the database and on the command line. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Optional<Resource> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
