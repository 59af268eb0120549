package org.rdhub.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdhub.common.ServiceException;

/**
 * Settings an administrator changes while the server runs (stored in the database, unlike the start-up
 * {@link org.rdhub.config.Setting}s). Each has a key, a kind of value, a default and a one-line description.
 */
public enum ServerSetting {
    REQUIRE_DEPLOYMENT("require-deployment", Kind.FLAG, "false",
            "New devices must run `rustdesk --deploy --token …` before they are accepted."),
    DISABLE_NEW_DEVICES("disable-new-devices", Kind.FLAG, "false", "Devices rdhub has not seen before are refused."),
    ONLY_ADMINS_REACH_UNASSIGNED("only-admins-reach-unassigned-devices", Kind.FLAG, "false",
            "Devices with neither a user nor a device group are reachable by administrators only."),
    DISABLE_ACCESSIBLE_DEVICES("disable-accessible-devices", Kind.FLAG, "false",
            "Clients do not get the list of devices their user may reach."),
    REQUIRE_LOGIN_TO_CONNECT("require-login-to-connect", Kind.FLAG, "false",
            "Clients must be signed in to connect to a device through this server."),
    SMTP_HOST("smtp-host", Kind.TEXT, "", "Mail server for login codes and invitations; empty turns mail off."),
    SMTP_PORT("smtp-port", Kind.PORT, "587", "Mail server port."),
    SMTP_USERNAME("smtp-username", Kind.TEXT, "", "Account on the mail server; empty for none."),
    SMTP_PASSWORD("smtp-password", Kind.TEXT, "", "Password of that account. Never shown or logged."),
    SMTP_FROM("smtp-from", Kind.TEXT, "", "Sender address of rdhub's mails."),
    SMTP_SECURITY("smtp-security", Kind.SMTP_SECURITY, "starttls", "none, starttls or tls."),
    MAX_PEERS_PER_ADDRESS_BOOK("max-peers-per-address-book", Kind.COUNT, "0",
            "Most peers one address book may hold; 0 is no limit."),
    MAX_SHARED_BOOKS_PER_OWNER("max-shared-address-books-per-user", Kind.COUNT, "0",
            "Most shared address books one user may own; 0 is no limit."),
    MAX_TAGS_PER_ADDRESS_BOOK("max-tags-per-address-book", Kind.COUNT, "0",
            "Most tags one address book may hold; 0 is no limit."),
    RELAY_SERVERS("relay-servers", Kind.ADDRESSES, "",
            "Relay addresses handed to clients, comma-separated `host` or `host:port` (21117 when left out), used in "
                    + "turn; empty: clients use the ID server's host and port 21117."),
    PURGE_OFFLINE_DEVICES_AFTER_DAYS("purge-offline-devices-after-days", Kind.COUNT, "0",
            "Devices not heard from for this many days are deleted (checked hourly); 0 keeps them.");

    /** What values a setting takes; {@link #accept} is the one check every way of changing settings goes through. */
    enum Kind {
        FLAG, TEXT, COUNT, PORT, SMTP_SECURITY, ADDRESSES
    }

    private static final int MAX_COUNT = 1_000_000;
    private static final int MAX_TEXT = 1000;
    /** A host name or IPv4 address, or an IPv6 address in brackets, then an optional port. */
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:(\\d{1,5}))?");

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final String description;

    ServerSetting(String key, Kind kind, String defaultValue, String description) {
        this.key = key;
        this.kind = kind;
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

    public static ServerSetting byKey(String key) {
        for (ServerSetting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        throw ServiceException.notFound("No setting named '" + key + "'");
    }

    /** The value as stored (trimmed, lower case where case means nothing), or a clear refusal. */
    public String accept(String value) {
        String clean = value == null ? "" : value.strip();
        return switch (kind) {
            case FLAG -> oneOf(clean.toLowerCase(Locale.ROOT), List.of("true", "false"));
            case SMTP_SECURITY -> oneOf(clean.toLowerCase(Locale.ROOT), List.of("none", "starttls", "tls"));
            case COUNT -> number(clean, 0, MAX_COUNT);
            case PORT -> number(clean, 1, 65535);
            case TEXT -> {
                if (clean.length() > MAX_TEXT) {
                    throw ServiceException.invalid(key + " may have at most " + MAX_TEXT + " characters");
                }
                yield clean;
            }
            case ADDRESSES -> addresses(clean);
        };
    }

    private String addresses(String value) {
        List<String> addresses = new ArrayList<>();
        for (String part : value.split(",")) {
            String address = part.strip();
            if (address.isEmpty()) {
                continue;
            }
            Matcher matcher = ADDRESS.matcher(address);
            if (address.length() > 255 || !matcher.matches()
                    || (matcher.group(3) != null && !validPort(matcher.group(3)))) {
                throw ServiceException.invalid(key + ": '" + address + "' is not a host or host:port");
            }
            addresses.add(address);
        }
        return String.join(",", addresses);
    }

    private static boolean validPort(String port) {
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    private String oneOf(String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw ServiceException.invalid(key + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    private String number(String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return Integer.toString(number);
            }
        } catch (NumberFormatException e) {
            // answered below with the range
        }
        throw ServiceException.invalid(key + " must be a whole number from " + min + " to " + max);
    }
}
