package org.rdhub.users;

/**
 * Filters of the user list: {@code name} and {@code groupName} are LIKE patterns or null (see
 * {@link org.rdhub.db.Filters}); {@code status} is an exact status or null; {@code admin} true for administrators
 * only, false for the other users only, null for both.
 */
public record UserFilter(String name, String groupName, Integer status, Boolean admin) {

    /** The filters of the REST API and users.py, which have no administrator filter. */
    public UserFilter(String name, String groupName, Integer status) {
        this(name, groupName, status, null);
    }
}
