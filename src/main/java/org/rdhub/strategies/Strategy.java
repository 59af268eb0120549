package org.rdhub.strategies;

/** A named set of client options pushed to devices; {@code modifiedAt} tells a device whether it has them. */
public record Strategy(long id, String guid, String name, String note, boolean enabled, long createdAt,
        long modifiedAt) {
}
