package org.rdhub.audit;

/**
 * Filters of the console-audit list; null means "no filter".
 *
 * @param operator    LIKE pattern on the operator (a user name, {@code token:<name>} or {@code cli})
 * @param createdFrom epoch millis, inclusive
 */
public record ConsoleAuditFilter(String operator, Long createdFrom) {
}
