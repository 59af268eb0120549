package org.rdhub.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Builds the WHERE clause of a list query from optional filters, the way Pro's scripts and console filter: a value
 * is a case-insensitive SQL LIKE pattern ({@code %} any run, {@code _} one character, no {@code %} means equal),
 * a lone {@code -} means "not set", and an empty or absent value is no filter at all.
 */
public final class Filters {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> bindings = new LinkedHashMap<>();

    /** Adds {@code column LIKE value} (or "is empty" for {@code -}); ignores a null or empty value. */
    public Filters like(String column, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        if (value.equals("-")) {
            conditions.add("(" + column + " IS NULL OR " + column + " = '')");
            return this;
        }
        String name = "f" + bindings.size();
        conditions.add("LOWER(" + column + ") LIKE LOWER(:" + name + ")");
        bindings.put(name, value);
        return this;
    }

    /** Adds a condition written out in full, with its own named bindings. */
    public Filters where(String condition, Map<String, Object> conditionBindings) {
        conditions.add(condition);
        bindings.putAll(conditionBindings);
        return this;
    }

    /** {@code " WHERE a AND b"}, or an empty string when no filter applies. */
    public String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public <S extends SqlStatement<S>> S bind(S statement) {
        bindings.forEach(statement::bind);
        return statement;
    }
}
