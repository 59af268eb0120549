package org.rdhub.users;

/** Filters of the user list; each is a LIKE pattern or null (see {@link org.rdhub.db.Filters}). */
public record UserFilter(String name, String groupName) {
}
