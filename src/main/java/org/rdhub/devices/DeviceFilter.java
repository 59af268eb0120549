package org.rdhub.devices;

/**
 * Filters of the device list, each a LIKE pattern or null (see {@link org.rdhub.db.Filters}): {@code id} the
 * RustDesk ID, {@code deviceName} the hostname or the administrator's name for the device, {@code userName} the
 * owner, {@code groupName} the owner's user group, {@code deviceGroupName}, and {@code deviceUsername} the OS user
 * (the administrator's alias for it when set).
 */
public record DeviceFilter(String id, String deviceName, String userName, String groupName, String deviceGroupName,
        String deviceUsername) {
}
