package org.rdhub.devices;

/** A RustDesk client the server knows: its identity, what its sysinfo said, and where it is assigned. */
public record Device(
        long id,
        String guid,
        String rustdeskId,
        String uuid,
        String publicKey,
        String hostname,
        String os,
        String username,
        String version,
        String cpu,
        String memory,
        String ip,
        String note,
        String alias,
        String usernameAlias,
        boolean enabled,
        Long ownerUserId,
        Long deviceGroupId,
        Long strategyId,
        String info,
        long createdAt,
        Long lastOnlineAt,
        Long deployedAt,
        Long sysinfoAt) {

    /** True when {@code uuid} is the one this device registered with (or it registered none yet). */
    public boolean uuidMatches(String otherUuid) {
        return uuid == null || uuid.isEmpty() || uuid.equals(otherUuid);
    }
}
