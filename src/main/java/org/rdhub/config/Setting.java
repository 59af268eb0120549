package org.rdhub.config;

import java.util.Locale;

/**
 * Every setting rdhub reads, in one place. Each is a {@code --flag}, an {@code RDHUB_*} environment variable and a
 * key of the optional settings file; the README's configuration table is checked against this list by a test.
 */
public enum Setting {
    DATA_DIR("./data", "Folder for the SQLite database, the server key pair and other state."),
    BIND_ADDRESS("0.0.0.0", "Address every port listens on."),
    API_PORT("21114", "Port of the web console and the REST API (0 picks a free port)."),
    RENDEZVOUS_PORT("21116", "ID server port, TCP and UDP; the NAT test uses port−1 and the WebSocket port+2."),
    RELAY_PORT("21117", "Relay server port; its WebSocket uses port+2."),
    DB_URL("", "Empty: SQLite in the data folder. A `jdbc:postgresql://host/db` URL switches to PostgreSQL."),
    DB_USER("", "PostgreSQL user, when it is not in the URL."),
    DB_PASSWORD("", "PostgreSQL password, when it is not in the URL."),
    PUBLIC_URL("", "Address users reach the console at (for links in mails and the start banner), e.g. `https://rd.example.com`."),
    TRUSTED_PROXIES("", "Comma-separated IP addresses of reverse proxies in front of rdhub: only from these is the client's address taken from `X-Real-IP` or `X-Forwarded-For` (web, API and WebSocket ports)."),
    LOG_LEVEL("info", "One of error, warn, info, debug, trace.");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code API_PORT} → {@code --api-port}. */
    public String flag() {
        return "--" + key();
    }

    /** {@code API_PORT} → {@code api-port}: the key in the settings file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code API_PORT} → {@code RDHUB_API_PORT}. */
    public String envName() {
        return "RDHUB_" + name();
    }
}
