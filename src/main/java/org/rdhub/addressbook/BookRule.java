package org.rdhub.addressbook;

/**
 * A sharing rule of a book: {@code rule} 1 read-only, 2 read-write, 3 full control, for one user, one user group,
 * or (both null) everyone.
 */
public record BookRule(long id, String guid, String bookGuid, int rule, String userName, String groupName) {
}
