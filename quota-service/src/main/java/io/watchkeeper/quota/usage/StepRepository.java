package io.watchkeeper.quota.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code quota_step} table — the latest alert of each quota step — and its only writer. */
@ApplicationScoped
public class StepRepository {

    private final Pool pool;

    public StepRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Keeps what an alert says about a step of a quota this service owns when the alert is newer ({@code eventTime},
     * its CloudEvent time) than what is kept: a replayed or duplicated alert changes nothing. True when kept.
     */
    public Uni<Boolean> keep(StepStatus s, Instant eventTime) {
        return pool.preparedQuery(
                        """
                        INSERT INTO quota_step (quota_id, period, step, step_pct, epoch, alert_id, alert_type, status,
                                                fired_at, resolved_at, event_time)
                        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 WHERE EXISTS (SELECT 1 FROM quota WHERE id = $1)
                        ON CONFLICT (quota_id, period, step) DO UPDATE SET step_pct = EXCLUDED.step_pct,
                            epoch = EXCLUDED.epoch, alert_id = EXCLUDED.alert_id, alert_type = EXCLUDED.alert_type,
                            status = EXCLUDED.status, fired_at = EXCLUDED.fired_at, resolved_at = EXCLUDED.resolved_at,
                            event_time = EXCLUDED.event_time
                         WHERE quota_step.event_time < EXCLUDED.event_time""")
                .execute(Tuple.tuple(Arrays.asList(
                        s.quotaId(),
                        s.period(),
                        s.step(),
                        s.stepPct(),
                        s.epoch(),
                        s.alertId(),
                        s.alertType(),
                        s.status().name(),
                        utc(s.firedAt()),
                        utc(s.resolvedAt()),
                        utc(eventTime))))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<List<StepStatus>> of(String quotaId) {
        return pool.preparedQuery(
                        """
                        SELECT quota_id, period, step, step_pct, epoch, alert_id, alert_type, status, fired_at, resolved_at
                          FROM quota_step WHERE quota_id = $1 ORDER BY period DESC, step_pct""")
                .execute(Tuple.of(quotaId))
                .map(rows -> {
                    List<StepStatus> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StepStatus(
                                r.getString(0),
                                r.getString(1),
                                r.getString(2),
                                r.getBigDecimal(3),
                                r.getLong(4),
                                r.getUUID(5),
                                r.getString(6),
                                AlertStatus.valueOf(r.getString(7)),
                                instant(r.getOffsetDateTime(8)),
                                instant(r.getOffsetDateTime(9))));
                    }
                    return out;
                });
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
