package org.rdhub.common;

/**
 * The order a console list asks for: one of the columns the list offers (by its public name, never SQL) and the
 * direction. Stores map the name to a column through a fixed table and end with a unique tie-breaker.
 */
public record Sort(String column, boolean descending) {
}
