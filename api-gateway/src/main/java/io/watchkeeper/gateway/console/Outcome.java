package io.watchkeeper.gateway.console;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * What a person's action came to, shown where they acted: done, or the API's refusal in its own words (an underflow
 * refused by the ledger, a role that may not). The page words {@code action} in the person's language.
 *
 * @param refusal null when it was done
 */
public record Outcome(String action, String refusal) {

    /** The outcome of {@code call}: done when it succeeds, refused (with the API's detail) when the API says no. */
    public static Uni<Outcome> of(String action, Uni<?> call) {
        return of(action, call, answer -> action);
    }

    /** As {@link #of(String, Uni)}, the done outcome worded after the API's answer ({@code said}). */
    public static <T> Uni<Outcome> of(String action, Uni<T> call, Function<T, String> said) {
        return call.map(answer -> new Outcome(said.apply(answer), null))
                .onFailure(ConsoleApi.Refused.class)
                .recoverWithItem(e -> new Outcome(action, e.getMessage()));
    }

    public boolean refused() {
        return refusal != null;
    }
}
