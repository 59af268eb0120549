package org.rdhub.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the number of rows that match in all pages. */
public record Page<T>(long total, List<T> data) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(total, data.stream().map(mapper).toList());
    }
}
