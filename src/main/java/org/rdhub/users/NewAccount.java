package org.rdhub.users;

/** What an administrator gives for a new user; the group is the Default group when absent. */
public record NewAccount(String name, String email, String note, String groupName, boolean admin) {
}
