package org.rdhub.users;

/** An account: who may sign in to the console and to RustDesk clients. */
public record User(
        long id,
        String guid,
        String name,
        String displayName,
        String email,
        String note,
        int status,
        boolean admin,
        long groupId,
        String groupName,
        String passwordHash,
        boolean mustChangePassword,
        String totpSecret,
        boolean totpEnabled,
        long totpLastStep,
        boolean tfaEnforced,
        boolean emailVerification,
        long createdAt) {

    public static final int STATUS_DISABLED = 0;
    public static final int STATUS_NORMAL = 1;
    public static final int STATUS_UNVERIFIED = -1;

    public boolean active() {
        return status == STATUS_NORMAL;
    }
}
