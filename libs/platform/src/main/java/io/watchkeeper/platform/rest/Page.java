package io.watchkeeper.platform.rest;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint: {@code items} and the {@code total} across all pages. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public static final String DEFAULT_SIZE = "50";
    public static final int MAX_SIZE = 500;

    /** The {@code page}-th page of a list held whole (a small one, or one whose order only memory knows). */
    public static <T> Page<T> slice(List<T> all, int page, int size) {
        long from = Math.min((long) page * size, all.size());
        int to = (int) Math.min(from + size, all.size());
        return new Page<>(List.copyOf(all.subList((int) from, to)), all.size(), page, size);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, page, size);
    }
}
