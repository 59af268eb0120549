package org.rdhub.strategies;

import java.util.Map;

/** The strategy that governs one device, with the client options it pushes. */
public record EffectiveStrategy(Strategy strategy, Map<String, String> options) {
}
