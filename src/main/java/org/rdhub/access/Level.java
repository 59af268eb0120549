package org.rdhub.access;

import java.util.Arrays;
import java.util.Optional;

/** How much a token may do with a resource. Read-write includes read. */
public enum Level {
    NONE(""),
    READ("r"),
    READ_WRITE("rw");

    private final String key;

    Level(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean includes(Level wanted) {
        return ordinal() >= wanted.ordinal();
    }

    /** {@code r} or {@code rw}; nothing else is a stored or typed level. */
    public static Optional<Level> fromKey(String key) {
        return Arrays.stream(values()).filter(l -> l != NONE && l.key.equals(key)).findFirst();
    }
}
