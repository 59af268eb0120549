package org.rdhub.console;

import java.util.ArrayList;
import java.util.List;

/** The footer of a console list: which rows are shown of how many, and the page links around the current one. */
public record Pager(ListQuery query, long total) {
    private static final int AROUND = 2;

    public long pageCount() {
        return Math.max(1, (total + query.size() - 1) / query.size());
    }

    /** 1-based number of the first row shown; 0 when the page is empty. */
    public long from() {
        long first = (long) (query.page() - 1) * query.size() + 1;
        return first > total ? 0 : first;
    }

    public long to() {
        return from() == 0 ? 0 : Math.min(total, (long) query.page() * query.size());
    }

    public boolean hasPrevious() {
        return query.page() > 1;
    }

    public boolean hasNext() {
        return query.page() < pageCount();
    }

    /** The page numbers to link: the first, the last and those near the current page; 0 marks a gap. */
    public List<Long> pages() {
        List<Long> pages = new ArrayList<>();
        long last = pageCount();
        long current = query.page();
        for (long p = 1; p <= last; p++) {
            if (p == 1 || p == last || Math.abs(p - current) <= AROUND) {
                pages.add(p);
            } else if (pages.get(pages.size() - 1) != 0) {
                pages.add(0L);
            }
        }
        return pages;
    }
}
