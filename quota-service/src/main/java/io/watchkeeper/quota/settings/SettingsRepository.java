package io.watchkeeper.quota.settings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.quota.quota.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Arrays;

/** The {@code quota_settings} table (one row per tenant, {@code ""} for the platform's): its only writer. */
@ApplicationScoped
public class SettingsRepository {

    private static final String PLATFORM = "";

    /** The settings that apply to a tenant's quotas (null tenant: the platform's own quotas). */
    public Uni<QuotaSettings> effective(SqlClient client, String tenant) {
        String key = tenant == null ? PLATFORM : tenant;
        return client.preparedQuery(
                        """
                        SELECT tenant, thresholds, monitor, auto_disable, updated_by, updated_at FROM quota_settings
                         WHERE tenant = $1 OR tenant = '' ORDER BY tenant DESC LIMIT 1""")
                .execute(Tuple.of(key))
                .map(rows -> rows.size() == 0
                        ? QuotaSettings.builtIn(tenant)
                        : of(rows.iterator().next(), tenant));
    }

    public Uni<Void> save(SqlClient client, QuotaSettings s) {
        return client.preparedQuery(
                        """
                        INSERT INTO quota_settings (tenant, thresholds, monitor, auto_disable, updated_by, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (tenant) DO UPDATE SET thresholds = EXCLUDED.thresholds, monitor = EXCLUDED.monitor,
                            auto_disable = EXCLUDED.auto_disable, updated_by = EXCLUDED.updated_by,
                            updated_at = EXCLUDED.updated_at""")
                .execute(Tuple.tuple(Arrays.asList(
                        s.tenant() == null ? PLATFORM : s.tenant(),
                        Thresholds.text(s.thresholds()),
                        s.monitor(),
                        s.autoDisable(),
                        s.updatedBy(),
                        s.updatedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    private static QuotaSettings of(Row r, String tenant) {
        String owner = r.getString(0);
        return new QuotaSettings(
                tenant,
                Thresholds.parse(r.getString(1)),
                r.getBoolean(2),
                r.getBoolean(3),
                owner.equals(PLATFORM) ? QuotaSettings.Source.PLATFORM : QuotaSettings.Source.TENANT,
                r.getString(4),
                r.getOffsetDateTime(5).toInstant());
    }
}
