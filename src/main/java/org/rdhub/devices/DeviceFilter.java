package org.rdhub.devices;

/**
 * Filters of the device list. Text filters are LIKE patterns or null (see {@link org.rdhub.db.Filters}): {@code id}
 * the RustDesk ID, {@code deviceName} the hostname or the administrator's name for the device, {@code userName} the
 * owner, {@code groupName} the owner's user group, {@code deviceGroupName}, {@code deviceUsername} the OS user (the
 * administrator's alias for it when set), {@code os} the reported OS and {@code strategyName} the device's own
 * strategy. {@code online} keeps only the devices online now (true) or offline (false); null keeps both.
 * {@code ownerUserId} keeps one user's devices; services set it, never a request.
 */
public record DeviceFilter(String id, String deviceName, String userName, String groupName, String deviceGroupName,
        String deviceUsername, String os, String strategyName, Boolean online, Long ownerUserId) {

    /** The REST API's filters (devices.py): the others are off. */
    public DeviceFilter(String id, String deviceName, String userName, String groupName, String deviceGroupName,
            String deviceUsername) {
        this(id, deviceName, userName, groupName, deviceGroupName, deviceUsername, null, null, null, null);
    }

    /** No filter at all. */
    public static DeviceFilter none() {
        return new DeviceFilter(null, null, null, null, null, null);
    }

    /** This filter, kept to one user's devices. */
    DeviceFilter ownedBy(long userId) {
        return new DeviceFilter(id, deviceName, userName, groupName, deviceGroupName, deviceUsername, os, strategyName,
                online, userId);
    }

    /**
     * The OS pattern of a family the console offers ({@code windows}, {@code linux}, {@code macos}, {@code android}),
     * matched against what the client reports (e.g. "windows / Windows 11 Pro", "ubuntu / Linux 24.04 Ubuntu");
     * null for anything else.
     */
    public static String osFamilyPattern(String family) {
        if (family == null) {
            return null;
        }
        return switch (family) {
            case "windows" -> "%windows%";
            case "linux" -> "%linux%";
            case "macos" -> "%mac%";
            case "android" -> "%android%";
            default -> null;
        };
    }
}
