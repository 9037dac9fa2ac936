package io.watchkeeper.platform.rest;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint: {@code items} and the {@code total} across all pages. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, size);
    }
}
