package org.rdhub.groups;

/**
 * One of Pro's access rules as the scripts send and read them: {@code type} 0 a user group, 1 a device group,
 * 2 a user, and the {@code name} of that group or user. Which types a list takes depends on the list (see
 * {@link AccessRules.Side}).
 */
public record AccessRule(Integer type, String name) {
}
