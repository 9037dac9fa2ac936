package io.watchkeeper.gateway.console;

import io.smallrye.mutiny.Uni;

/**
 * What a person's action came to, shown where they acted: done, or the API's refusal in its own words (an underflow
 * refused by the ledger, a role that may not). The page words {@code action} in the person's language.
 *
 * @param refusal null when it was done
 */
public record Outcome(String action, String refusal) {

    /** The outcome of {@code call}: done when it succeeds, refused (with the API's detail) when the API says no. */
    public static Uni<Outcome> of(String action, Uni<?> call) {
        return call.map(done -> new Outcome(action, null))
                .onFailure(ConsoleApi.Refused.class).recoverWithItem(e -> new Outcome(action, e.getMessage()));
    }

    public boolean refused() {
        return refusal != null;
    }
}
