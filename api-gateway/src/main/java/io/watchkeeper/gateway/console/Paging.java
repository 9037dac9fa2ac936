package io.watchkeeper.gateway.console;

import io.vertx.core.json.JsonObject;

/** Where a list page stands: its number (from 0), size and the total the API reported. */
public record Paging(int page, int size, long total) {

    public static final int SIZE = 20;

    /** From an API page ({@code items}, {@code total}, {@code page}, {@code size}). */
    public static Paging of(JsonObject apiPage) {
        return new Paging(
                apiPage.getInteger("page", 0), apiPage.getInteger("size", SIZE), apiPage.getLong("total", 0L));
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public int previous() {
        return page - 1;
    }

    public int next() {
        return page + 1;
    }

    /** The first item's number on this page, counting from 1 (0 for an empty list). */
    public long from() {
        return total == 0 ? 0 : (long) page * size + 1;
    }

    public long to() {
        return Math.min(total, (long) (page + 1) * size);
    }
}
