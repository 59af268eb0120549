package org.rdhub.common;

/**
 * Which page of a list is wanted: {@code current} is the 1-based page number and {@code pageSize} the rows per page,
 * as RustDesk clients and Pro's scripts send them. A page past the end is simply empty.
 */
public record PageRequest(int current, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 30;
    public static final int MAX_PAGE_SIZE = 1000;

    public PageRequest {
        if (current < 1) {
            throw ServiceException.invalid("current must be 1 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ServiceException.invalid("pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    public long offset() {
        return (long) (current - 1) * pageSize;
    }
}
