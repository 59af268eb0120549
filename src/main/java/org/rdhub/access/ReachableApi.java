package org.rdhub.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import org.rdhub.http.Web;

/** {@code GET /api/peers} and {@code GET /api/device-group/accessible}, as the client's accessible tab reads them. */
public final class ReachableApi {

    /** The client's {@code PeerPayload}: it reads {@code info.username}, {@code info.os}, {@code info.device_name}. */
    public record PeerItem(String id, PeerInfo info, int status, String user,
            @JsonProperty("user_name") String userName,
            @JsonProperty("device_group_name") String deviceGroupName, String note) {

        static PeerItem of(ReachableStore.ReachableDevice device) {
            return new PeerItem(device.id(),
                    new PeerInfo(device.username(), device.os(), device.hostname()),
                    device.enabled() ? 1 : 0, nullToEmpty(device.ownerGuid()), nullToEmpty(device.ownerName()),
                    nullToEmpty(device.deviceGroupName()), device.note());
        }
    }

    /** The hostname travels as {@code device_name} here, though sysinfo uploads it as {@code hostname}. */
    public record PeerInfo(String username, String os, @JsonProperty("device_name") String deviceName) {
    }

    public record DeviceGroupItem(String name) {
    }

    private final ReachableService reachable;
    private final Web web;

    public ReachableApi(ReachableService reachable, Web web) {
        this.reachable = reachable;
        this.web = web;
    }

    public void peers(Context ctx) {
        ctx.json(reachable.devices(web.caller(ctx), Web.page(ctx)).map(PeerItem::of));
    }

    public void deviceGroups(Context ctx) {
        ctx.json(reachable.deviceGroups(web.caller(ctx), Web.page(ctx)).map(DeviceGroupItem::new));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
