package org.rdhub.strategies;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.rdhub.common.ServiceException;

/** What one assignment covers, by guid: devices, users and device groups. A guid given twice counts once. */
public record StrategyTargets(List<String> devices, List<String> users, List<String> deviceGroups) {

    public StrategyTargets {
        devices = guids(devices, "peers");
        users = guids(users, "users");
        deviceGroups = guids(deviceGroups, "groups");
    }

    public boolean isEmpty() {
        return devices.isEmpty() && users.isEmpty() && deviceGroups.isEmpty();
    }

    private static List<String> guids(List<String> guids, String field) {
        if (guids == null) {
            return List.of();
        }
        if (guids.stream().anyMatch(Objects::isNull)) {
            throw ServiceException.invalid("Field '" + field + "' must be a list of guids");
        }
        return List.copyOf(new LinkedHashSet<>(guids));
    }
}
