package org.rdhub.console;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.rdhub.devices.DeviceService;
import org.rdhub.users.UserService;

/** {@code GET /}: the welcome page; administrators see counts, refreshed by htmx from {@code /welcome/counts}. */
public final class WelcomePage {

    /** What the counts card shows; null for users who may not see them. */
    public record Counts(long devicesOnline, long devicesTotal, long users) {
    }

    private final DeviceService devices;
    private final UserService users;
    private final ConsoleWeb web;

    public WelcomePage(DeviceService devices, UserService users, ConsoleWeb web) {
        this.devices = devices;
        this.users = users;
        this.web = web;
    }

    public void show(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "welcome"));
        params.put("counts", counts(signed));
        web.render(ctx, "welcome/welcome.jte", params);
    }

    /** The counts card alone, for htmx. */
    public void counts(Context ctx) {
        ConsoleWeb.Signed signed = web.signedIn(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("page", web.page(ctx, signed, "welcome"));
        params.put("counts", counts(signed));
        web.render(ctx, "welcome/counts.jte", params);
    }

    private Counts counts(ConsoleWeb.Signed signed) {
        if (!signed.user().admin()) {
            return null;
        }
        DeviceService.Counts deviceCounts = devices.counts(signed.caller());
        return new Counts(deviceCounts.online(), deviceCounts.total(), users.count(signed.caller()));
    }
}
