package org.rdhub.audit;

/**
 * What an administrator did, for the console audit. Where Pro's console log has a code for it, {@code typ} (area)
 * and {@code iop} (operation) carry that code so audits.py prints the same words; rdhub's own actions have none.
 */
public enum ConsoleAction {
    USER_PASSWORD_RESET("user.password-reset", 1, 11),
    USER_CREATE("user.create", 1, 2),
    USER_INVITE("user.invite", 1, 2),
    USER_ENABLE("user.enable", 1, 6),
    USER_DISABLE("user.disable", 1, 7),
    USER_DELETE("user.delete", 1, 13),
    USER_TFA_ENFORCE("user.tfa-enforce", 1, 11),
    USER_LOGIN_VERIFICATION_OFF("user.login-verification-off", 1, 11),
    USER_FORCE_LOGOUT("user.force-logout", null, null),
    /** An administrator changed a user's email, note, user group or administrator flag: Pro's "Update User". */
    USER_UPDATE("user.update", 1, 11),
    /** A user changed their own password or email sign-in codes in the console's account settings. */
    ACCOUNT_PASSWORD_CHANGE("account.password-change", null, null),
    ACCOUNT_EMAIL_VERIFICATION("account.email-verification", null, null),
    API_TOKEN_CREATE("api-token.create", null, null),
    SETTING_CHANGE("setting.change", null, null),
    DEVICE_ASSIGN("device.assign", 2, 12),
    DEVICE_ENABLE("device.enable", 2, 8),
    DEVICE_DISABLE("device.disable", 2, 9),
    DEVICE_DELETE("device.delete", 2, 14),
    /** rdhub's automatic deletion of devices offline too long: Pro's "Delete Device", done by the server. */
    DEVICE_PURGE("device.purge", 2, 14),
    DEVICE_DEPLOY("device.deploy", null, null),
    DEVICE_DISCONNECT("device.disconnect", null, null),
    /** Devices brought from an open-source hbbs ({@code rdhub import-hbbs}): one record per run, with the counts. */
    DEVICE_IMPORT("device.import", null, null),
    /** A client took a new ID through the rendezvous server (protocol.md §5.6); target is the new ID. */
    DEVICE_ID_CHANGE("device.id-change", null, null),
    STRATEGY_OPTIONS_CHANGE("strategy.options-change", null, null),
    STRATEGY_ENABLE("strategy.enable", null, null),
    STRATEGY_DISABLE("strategy.disable", null, null),
    STRATEGY_ASSIGN("strategy.assign", null, null),
    ADDRESS_BOOK_CREATE("address-book.create", 3, 15),
    ADDRESS_BOOK_DELETE("address-book.delete", 3, 16),
    ADDRESS_BOOK_RENAME("address-book.rename", 3, 17),
    ADDRESS_BOOK_UPDATE("address-book.update", null, null),
    ADDRESS_BOOK_RULE_ADD("address-book.rule-add", 3, 20),
    ADDRESS_BOOK_RULE_DELETE("address-book.rule-delete", 3, 21),
    ADDRESS_BOOK_RULE_UPDATE("address-book.rule-update", 3, 22),
    USER_GROUP_CREATE("user-group.create", 0, 1),
    USER_GROUP_UPDATE("user-group.update", 0, 10),
    USER_GROUP_DELETE("user-group.delete", 0, 4),
    /** A user moved into another user group: Pro's "Update User". */
    USER_GROUP_CHANGE("user.group-change", 1, 11),
    DEVICE_GROUP_CREATE("device-group.create", 0, 1),
    DEVICE_GROUP_UPDATE("device-group.update", 0, 10),
    DEVICE_GROUP_DELETE("device-group.delete", 0, 4),
    /** A device moved into a device group or out of one: Pro's "Update Device". */
    DEVICE_GROUP_CHANGE("device.group-change", 2, 12);

    private final String key;
    private final Integer typ;
    private final Integer iop;

    ConsoleAction(String key, Integer typ, Integer iop) {
        this.key = key;
        this.typ = typ;
        this.iop = iop;
    }

    public String key() {
        return key;
    }

    public Integer typ() {
        return typ;
    }

    public Integer iop() {
        return iop;
    }
}
