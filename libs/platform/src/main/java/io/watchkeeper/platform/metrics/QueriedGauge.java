package io.watchkeeper.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A gauge whose series are the rows of a query (one series per row: its tags and value), replaced as a whole at each
 * {@link #refresh()}: a series whose row is gone disappears. Facts kept in the database are the same for every instance,
 * so every instance reports them all and dashboards take the max over instances.
 */
public final class QueriedGauge {

    private final Pool pool;
    private final String sql;
    private final Function<Row, MultiGauge.Row<?>> series;
    private final MultiGauge gauge;

    public QueriedGauge(
            Pool pool,
            MeterRegistry registry,
            String name,
            String description,
            String sql,
            Function<Row, MultiGauge.Row<?>> series) {
        this.pool = pool;
        this.sql = sql;
        this.series = series;
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
    }

    /** Runs the query and replaces the series; while the database is down the last figures stay (readiness says why). */
    public Uni<Void> refresh() {
        return pool.query(sql)
                .execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(series.apply(r)));
                    gauge.register(out, true);
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
