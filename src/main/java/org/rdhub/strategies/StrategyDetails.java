package org.rdhub.strategies;

import java.util.Map;

/**
 * One strategy as an administrator views it: its client options and how many devices, users and device groups
 * have it assigned directly.
 */
public record StrategyDetails(Strategy strategy, Map<String, String> options, long devices, long users,
        long deviceGroups) {
}
