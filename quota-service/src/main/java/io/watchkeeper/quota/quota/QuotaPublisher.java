package io.watchkeeper.quota.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.quota.settings.QuotaSettings;
import io.watchkeeper.quota.settings.SettingsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Announces quotas on the compacted {@code wk.quotas.v1} (keyed by quota id) through the outbox, in the transaction
 * of the change: the definition with the thresholds, monitor and autoDisable in force; a tombstone when deleted.
 * Call {@link #wake()} after the commit.
 */
@ApplicationScoped
public class QuotaPublisher {

    static final String SOURCE = "/watchkeeper/quota";

    private final SettingsRepository settings;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public QuotaPublisher(SettingsRepository settings, Outbox outbox, OutboxRelay relay) {
        this.settings = settings;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<Void> publish(SqlClient conn, Quota quota) {
        return settings.effective(conn, quota.tenant()).chain(s -> publishAll(conn, List.of(quota), s));
    }

    /** Quotas that all follow the same settings. */
    public Uni<Void> publishAll(SqlClient conn, List<Quota> quotas, QuotaSettings s) {
        return outbox.addAll(
                conn,
                quotas.stream()
                        .map(q -> new Outbox.Item(Topics.QUOTAS, q.id(), CloudEvent.of(SOURCE, event(q, s))))
                        .toList());
    }

    public Uni<Void> tombstone(SqlClient conn, String quotaId) {
        return outbox.tombstone(conn, Topics.QUOTAS, quotaId);
    }

    public void wake() {
        relay.wake();
    }

    /** The contract's view of a quota: what the evaluator counts and checks. */
    public static QuotaEvent event(Quota q, QuotaSettings s) {
        return new QuotaEvent(
                q.id(),
                new QuotaEvent.Subject(q.subjectType().wire(), q.subjectId()),
                q.metric(),
                q.labels(),
                q.limit(),
                q.unit(),
                effective(q, s).thresholds(),
                effective(q, s).autoDisable(),
                effective(q, s).monitor(),
                q.epoch(),
                q.period() == null ? null : q.period().wire(),
                q.warningPct(),
                q.alertPct(),
                null,
                q.prepaid() ? null : q.timeZone() == null ? "UTC" : q.timeZone());
    }

    public static QuotaDtos.Effective effective(Quota q, QuotaSettings s) {
        return new QuotaDtos.Effective(
                q.thresholds() != null ? q.thresholds() : s.thresholds(),
                q.monitor() != null ? q.monitor() : s.monitor(),
                q.autoDisable() != null ? q.autoDisable() : s.autoDisable());
    }
}
