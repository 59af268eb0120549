package org.rdhub.devices;

import java.util.List;

/**
 * A device as administrators list it: its own fields, the names of what it is assigned to (empty when nothing),
 * and its presence. {@code lastOnlineAt} is never null: a device never heard from counts from its registration.
 * {@code connections} are the ids of the live incoming connections its last heartbeat listed, while it is online.
 */
public record DeviceSummary(
        String guid,
        String rustdeskId,
        String hostname,
        String ownerName,
        String ownerGroupName,
        String deviceGroupName,
        String username,
        String os,
        String version,
        String ip,
        String note,
        String alias,
        boolean enabled,
        boolean online,
        String strategyName,
        long lastOnlineAt,
        long createdAt,
        List<Integer> connections) {

    /** With what this process heard since the last flush, which is newer than the stored time and address. */
    DeviceSummary withPresence(boolean nowOnline, DevicePresence.Seen seen) {
        boolean newer = seen != null && seen.at() > lastOnlineAt;
        return new DeviceSummary(guid, rustdeskId, hostname, ownerName, ownerGroupName, deviceGroupName, username, os,
                version, newer && seen.ip() != null ? seen.ip() : ip, note, alias, enabled, nowOnline, strategyName,
                newer ? seen.at() : lastOnlineAt, createdAt,
                nowOnline && seen != null ? seen.conns() : List.of());
    }
}
