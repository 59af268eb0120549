package org.rdhub.access;

import org.jdbi.v3.core.Handle;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.db.Filters;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;

/** The devices and device groups a signed-in client user may reach, for the client's "Accessible devices" tab. */
public final class ReachableService {
    /** The client clears the tab when the error contains "disabled". */
    public static final String TAB_DISABLED = "Retrieving accessible devices is disabled.";

    private final Database database;
    private final AccessPolicy policy;
    private final ReachableStore store;
    private final SettingsService settings;

    public ReachableService(Database database, AccessPolicy policy, ReachableStore store, SettingsService settings) {
        this.database = database;
        this.policy = policy;
        this.store = store;
        this.settings = settings;
    }

    public Page<ReachableStore.ReachableDevice> devices(Caller caller, PageRequest page) {
        requireTabOn();
        return database.withHandle(h -> store.devices(h,
                policy.devicesReachable(new Filters(), policy.viewer(h, caller), unassignedOpen()), page));
    }

    /**
     * Whether the caller may connect to the device with this RustDesk id, by the same rule as {@link #devices}
     * (the rendezvous server asks). Throws, as the lists do, when the caller is no active signed-in user.
     */
    public boolean mayReach(Handle h, Caller caller, String rustdeskId) {
        return policy.mayReach(h, policy.viewer(h, caller), rustdeskId, unassignedOpen());
    }

    public Page<String> deviceGroups(Caller caller, PageRequest page) {
        requireTabOn();
        return database.withHandle(h -> store.deviceGroupNames(h,
                policy.deviceGroupsReachable(new Filters(), policy.viewer(h, caller)), page));
    }

    private boolean unassignedOpen() {
        return !settings.isOn(ServerSetting.ONLY_ADMINS_REACH_UNASSIGNED);
    }

    /** Throws when the administrator turned the tab off; the users list of the tab asks this too. */
    public void requireTabOn() {
        if (settings.isOn(ServerSetting.DISABLE_ACCESSIBLE_DEVICES)) {
            throw ServiceException.forbidden(TAB_DISABLED);
        }
    }
}
