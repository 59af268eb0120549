package org.rdhub.access;

import java.util.Optional;
import org.rdhub.audit.ConnectAlarms;
import org.rdhub.auth.Authenticator;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.devices.Device;
import org.rdhub.devices.DeviceStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;

/**
 * Whether a client may start a session with a device through the rendezvous server (protocol.md §11.2), decided
 * before anything reaches the device. A client that is not signed in sends no token and passes, as with the
 * open-source server, unless the server requires a login; a token must belong to a signed-in client user, who
 * then reaches what {@link AccessPolicy} allows (through {@link ReachableService}, as
 * the client's list of accessible devices). A device rdhub has no record of passes (the rendezvous server
 * answers that it does not exist). Refusals are written as alarms; allowed requests write nothing.
 */
public final class ConnectAccess {

    /** The answer for one request. */
    public sealed interface Decision {
    }

    /** Go ahead; {@code user} is the client's signed-in user, if it sent a token, for the audit. */
    public record Allowed(Optional<Caller.User> user) implements Decision {
    }

    /** Refused; the client shows {@link #text()} as it stands. */
    public record Refused(Refusal refusal) implements Decision {
        public String text() {
            return refusal.text();
        }
    }

    /** Why a request is refused, with the short English sentence the client shows (protocol.md §11.2). */
    public enum Refusal {
        LOGIN_REQUIRED("Please log in to connect through this server"),
        LOGIN_EXPIRED("Your login has expired; log in again"),
        DEVICE_DISABLED("The remote device is disabled by the administrator"),
        /** A translation key of the client (the device's own whitelist refusal), so it is shown localised. */
        NOT_ALLOWED("Connection not allowed");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Database database;
    private final Authenticator authenticator;
    private final ReachableService reachable;
    private final DeviceStore devices;
    private final SettingsService settings;
    private final ConnectAlarms alarms;

    public ConnectAccess(Database database, Authenticator authenticator, ReachableService reachable,
            DeviceStore devices, SettingsService settings, ConnectAlarms alarms) {
        this.database = database;
        this.authenticator = authenticator;
        this.reachable = reachable;
        this.devices = devices;
        this.settings = settings;
        this.alarms = alarms;
    }

    /**
     * Decides whether the client at {@code fromIp}, sending {@code token} ({@code PunchHoleRequest.token} or
     * {@code RequestRelay.token}, empty when not signed in), may connect to the device {@code targetId}. Reads the
     * database when a token is given; a database failure is thrown.
     */
    public Decision check(String token, String targetId, String fromIp) {
        if (token == null || token.isBlank()) {
            return settings.isOn(ServerSetting.REQUIRE_LOGIN_TO_CONNECT)
                    ? refuse(Refusal.LOGIN_REQUIRED, targetId, fromIp, null)
                    : new Allowed(Optional.empty());
        }
        // an unknown or signed-out token, one of a disabled user, and a script's API token are all no login
        if (!(authenticator.authenticate(token, fromIp) instanceof Caller.User user)) {
            return refuse(Refusal.LOGIN_EXPIRED, targetId, fromIp, null);
        }
        Optional<Refusal> refusal = database.withHandle(h -> {
            Optional<Device> target = devices.findByRustdeskId(h, targetId);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            if (!target.get().enabled()) {
                return Optional.of(Refusal.DEVICE_DISABLED);
            }
            try {
                return reachable.mayReach(h, user, targetId) ? Optional.empty() : Optional.of(Refusal.NOT_ALLOWED);
            } catch (ServiceException e) {
                return Optional.of(Refusal.LOGIN_EXPIRED); // the user was disabled since the token was checked
            }
        });
        return refusal.<Decision>map(r -> refuse(r, targetId, fromIp, user.name()))
                .orElseGet(() -> new Allowed(Optional.of(user)));
    }

    private Refused refuse(Refusal refusal, String targetId, String fromIp, String user) {
        alarms.refused(fromIp, targetId, refusal.text(), user);
        return new Refused(refusal);
    }
}
