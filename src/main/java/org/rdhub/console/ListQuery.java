package org.rdhub.console;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdhub.common.PageRequest;
import org.rdhub.common.Sort;

/**
 * What a console list is asked for in its query string ({@code page}, {@code size}, {@code sort}, {@code dir} and the
 * list's own filters), read leniently: a value the list does not offer falls back to the default, so a hand-edited
 * address never fails. Links for pages and column headers are written back from it, keeping the filters.
 */
public record ListQuery(String path, int page, int size, Sort sort, Map<String, String> filters) {
    public static final List<Integer> SIZES = List.of(10, 20, 50, 100);
    public static final int DEFAULT_SIZE = 20;

    /** The list {@code path} offers these sort columns (the first is the default) and these filters. */
    public static ListQuery of(Context ctx, List<String> sortable, Set<String> filterNames) {
        int page = Math.max(1, number(ctx.queryParam("page"), 1));
        int size = number(ctx.queryParam("size"), DEFAULT_SIZE);
        if (!SIZES.contains(size)) {
            size = DEFAULT_SIZE;
        }
        String column = ctx.queryParam("sort");
        if (column == null || !sortable.contains(column)) {
            column = sortable.get(0);
        }
        boolean descending = "desc".equals(ctx.queryParam("dir"));
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : filterNames.stream().sorted().toList()) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value.strip());
            }
        }
        return new ListQuery(ctx.path(), page, size, new Sort(column, descending), Map.copyOf(filters));
    }

    public PageRequest pageRequest() {
        return new PageRequest(page, size);
    }

    /** A filter's value, or null when not given (services treat null as "no filter"). */
    public String filter(String name) {
        return filters.get(name);
    }

    /** A filter's value for a form field: empty when not given. */
    public String value(String name) {
        return filters.getOrDefault(name, "");
    }

    public boolean hasFilters() {
        return !filters.isEmpty();
    }

    /** This list at another page. */
    public String pageHref(int otherPage) {
        return href(otherPage, size, sort);
    }

    /** This list with another page size, from the first page. */
    public String sizeHref(int otherSize) {
        return href(1, otherSize, sort);
    }

    /** A column header's link: sorts by it, or turns the direction round when it is already the sort. */
    public String sortHref(String column) {
        boolean descending = column.equals(sort.column()) && !sort.descending();
        return href(1, size, new Sort(column, descending));
    }

    /** {@code ascending}, {@code descending} or {@code none}, for a header's {@code aria-sort}. */
    public String sortState(String column) {
        if (!column.equals(sort.column())) {
            return "none";
        }
        return sort.descending() ? "descending" : "ascending";
    }

    /** This list's address as it is now, for a form to come back to after an action. */
    public String href() {
        return href(page, size, sort);
    }

    /** Another address with this list's filters and sort, e.g. the list's CSV export. */
    public String hrefAt(String otherPath) {
        return otherPath + href().substring(path.length());
    }

    private String href(int toPage, int toSize, Sort toSort) {
        StringBuilder query = new StringBuilder();
        filters.forEach((name, value) -> append(query, name, value));
        append(query, "sort", toSort.column());
        if (toSort.descending()) {
            append(query, "dir", "desc");
        }
        if (toSize != DEFAULT_SIZE) {
            append(query, "size", Integer.toString(toSize));
        }
        if (toPage != 1) {
            append(query, "page", Integer.toString(toPage));
        }
        return path + "?" + query;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static int number(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
