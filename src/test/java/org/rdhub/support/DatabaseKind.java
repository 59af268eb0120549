package org.rdhub.support;

/** The databases rdhub ships against; suites that touch storage or auth run on each. */
public enum DatabaseKind {
    SQLITE,
    POSTGRES
}
