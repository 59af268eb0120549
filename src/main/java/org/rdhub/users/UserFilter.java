package org.rdhub.users;

/**
 * Filters of the user list: {@code name} and {@code groupName} are LIKE patterns or null (see
 * {@link org.rdhub.db.Filters}); {@code status} is an exact status or null.
 */
public record UserFilter(String name, String groupName, Integer status) {
}
