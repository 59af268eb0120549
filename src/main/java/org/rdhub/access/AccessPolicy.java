package org.rdhub.access;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Filters;

/**
 * Who may reach what, as Pro's access model has it; the one place the rule is written. A user reaches a device
 * when the device is enabled, its owner (if any) is active, and one of these holds: the user owns it; its owner is
 * in the user's group; the user or the user's group has a grant on the owner's group; the user or the user's
 * group has a grant on the device's device group; or the device is unassigned (no owner, no device group) and
 * unassigned devices are open to all. Administrators reach every enabled device. Lists and the rendezvous server
 * use the same SQL condition, so what a client lists is what it may connect to.
 */
public final class AccessPolicy {

    /** The signed-in user a decision is about, with what the rule needs to know of them. */
    public record Viewer(long userId, long groupId, boolean admin) {
    }

    private static final String GRANTS_OF_VIEWER =
            "(g.subject_user_group_id = :viewerGroup OR g.subject_user_id = :viewerId)";

    public Viewer viewer(Handle h, Caller caller) {
        if (!(caller instanceof Caller.User user)) {
            throw ServiceException.notAuthenticated("Invalid token");
        }
        long groupId = h.createQuery("SELECT group_id FROM users WHERE id = :id AND status = 1")
                .bind("id", user.userId()).mapTo(Long.class).findOne()
                .orElseThrow(() -> ServiceException.notAuthenticated("Invalid token"));
        return new Viewer(user.userId(), groupId, user.admin());
    }

    /** Restricts a query over {@code devices d} to the devices the viewer may reach. */
    public Filters devicesReachable(Filters filters, Viewer viewer, boolean unassignedOpen) {
        String ownerActive = "(d.owner_user_id IS NULL OR EXISTS (SELECT 1 FROM users o WHERE o.id = d.owner_user_id"
                + " AND o.status = 1))";
        if (viewer.admin()) {
            return filters.where("d.enabled = TRUE AND " + ownerActive, Map.of());
        }
        String condition = "d.enabled = TRUE AND " + ownerActive + " AND ("
                + "d.owner_user_id = :viewerId"
                + " OR EXISTS (SELECT 1 FROM users o WHERE o.id = d.owner_user_id AND (o.group_id = :viewerGroup"
                + "   OR EXISTS (SELECT 1 FROM access_grants g WHERE g.target_user_group_id = o.group_id AND "
                + GRANTS_OF_VIEWER + ")))"
                + " OR EXISTS (SELECT 1 FROM access_grants g WHERE g.target_device_group_id = d.device_group_id AND "
                + GRANTS_OF_VIEWER + ")"
                + (unassignedOpen ? " OR (d.owner_user_id IS NULL AND d.device_group_id IS NULL)" : "")
                + ")";
        return filters.where(condition, Map.of("viewerId", viewer.userId(), "viewerGroup", viewer.groupId()));
    }

    /** Restricts a query over {@code users u} to the users whose devices the viewer may reach through them. */
    public Filters usersReachable(Filters filters, Viewer viewer) {
        if (viewer.admin()) {
            return filters;
        }
        return filters.where("(u.id = :viewerId OR u.group_id = :viewerGroup OR EXISTS (SELECT 1 FROM access_grants g"
                        + " WHERE g.target_user_group_id = u.group_id AND " + GRANTS_OF_VIEWER + "))",
                Map.of("viewerId", viewer.userId(), "viewerGroup", viewer.groupId()));
    }

    /** Restricts a query over {@code device_groups dg} to the groups the viewer has a grant on. */
    public Filters deviceGroupsReachable(Filters filters, Viewer viewer) {
        if (viewer.admin()) {
            return filters;
        }
        return filters.where("EXISTS (SELECT 1 FROM access_grants g WHERE g.target_device_group_id = dg.id AND "
                + GRANTS_OF_VIEWER + ")", Map.of("viewerId", viewer.userId(), "viewerGroup", viewer.groupId()));
    }

    /** Whether the viewer may reach the device with this RustDesk id (what the rendezvous server will ask). */
    public boolean mayReach(Handle h, Viewer viewer, String rustdeskId, boolean unassignedOpen) {
        Filters filters = devicesReachable(new Filters(), viewer, unassignedOpen)
                .where("d.rustdesk_id = :rustdeskId", Map.of("rustdeskId", rustdeskId));
        return filters.bind(h.createQuery("SELECT COUNT(*) FROM devices d" + filters.sql())).mapTo(Long.class).one() > 0;
    }
}
