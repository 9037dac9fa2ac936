package io.watchkeeper.iam;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** Cloud and database steps one after another, never at once: each waits for the one before it. */
public final class Steps {

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> step) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> step.apply(item))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Steps() {}
}
