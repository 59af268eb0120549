package org.rdhub.settings;

/**
 * Settings an administrator changes while the server runs (stored in the database, unlike the start-up
 * {@link org.rdhub.config.Setting}s). Each has a key, a default and a one-line description.
 */
public enum ServerSetting {
    REQUIRE_DEPLOYMENT("require-deployment", "false",
            "New devices must run `rustdesk --deploy --token …` before they are accepted."),
    DISABLE_NEW_DEVICES("disable-new-devices", "false", "Devices rdhub has not seen before are refused."),
    ONLY_ADMINS_REACH_UNASSIGNED("only-admins-reach-unassigned-devices", "false",
            "Devices with neither a user nor a device group are reachable by administrators only."),
    DISABLE_ACCESSIBLE_DEVICES("disable-accessible-devices", "false",
            "Clients do not get the list of devices their user may reach."),
    SMTP_HOST("smtp-host", "", "Mail server for login codes and invitations; empty turns mail off."),
    SMTP_PORT("smtp-port", "587", "Mail server port."),
    SMTP_USERNAME("smtp-username", "", "Account on the mail server; empty for none."),
    SMTP_PASSWORD("smtp-password", "", "Password of that account. Never shown or logged."),
    SMTP_FROM("smtp-from", "", "Sender address of rdhub's mails."),
    SMTP_SECURITY("smtp-security", "starttls", "none, starttls or tls."),
    MAX_PEERS_PER_ADDRESS_BOOK("max-peers-per-address-book", "0",
            "Most peers one address book may hold; 0 is no limit.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ServerSetting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Secrets are stored but never shown back. */
    public boolean secret() {
        return this == SMTP_PASSWORD;
    }
}
