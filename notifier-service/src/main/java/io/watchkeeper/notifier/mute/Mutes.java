package io.watchkeeper.notifier.mute;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.platform.db.CachedRead;
import io.watchkeeper.platform.kafka.BackgroundWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notifier's inhibit and silence stages: whether alert states are muted ({@link MuteRules} decides), with the
 * silences and inhibit rules read at most every {@code config-cache} — a change through this instance shows at
 * once — and the firing alerts read only when a rule targets one of the states.
 */
@ApplicationScoped
public class Mutes {

    private final AlertStates states;
    private final CachedRead<MuteRules> rules;

    public Mutes(
            SilenceRepository silences,
            InhibitRuleRepository inhibitRules,
            AlertStates states,
            BackgroundWork background,
            NotifierConfig config) {
        this.states = states;
        // silences that have not ended (a pending one starts while cached) and every rule; a session of its own:
        // callers (the consumer, the repeater) may be inside theirs
        this.rules = new CachedRead<>(
                () -> background.isolated(() -> Panache.withSession(() -> silences.list("endsAt > ?1", Instant.now())
                        .chain(open -> inhibitRules.listAll().map(all -> new MuteRules(open, all))))),
                config.configCache());
    }

    /** Silences or inhibit rules changed (committed): the next check reads them again. */
    public void changed() {
        rules.invalidate();
    }

    /** For each alert state, why it is muted (null: it goes out); see {@link MuteRules#reasons}. */
    public Uni<List<String>> reasons(List<AlertEvent> alerts) {
        return rules.get().chain(in -> (in.mayInhibit(alerts)
                        ? states.firing()
                        : Uni.createFrom().item(Map.<UUID, Map<String, String>>of()))
                .map(firing -> in.reasons(alerts, firing, Instant.now())));
    }
}
