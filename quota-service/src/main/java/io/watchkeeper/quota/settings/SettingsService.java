package io.watchkeeper.quota.settings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.quota.quota.QuotaPublisher;
import io.watchkeeper.quota.quota.QuotaRepository;
import io.watchkeeper.quota.quota.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Quota settings, runtime data: a tenant's, or the platform's (followed by every tenant without its own). A change
 * re-announces, in its transaction, every quota that follows it, so the evaluator applies it at once.
 */
@ApplicationScoped
public class SettingsService {

    private final Pool pool;
    private final SettingsRepository settings;
    private final QuotaRepository quotas;
    private final QuotaPublisher publisher;

    public SettingsService(Pool pool, SettingsRepository settings, QuotaRepository quotas, QuotaPublisher publisher) {
        this.pool = pool;
        this.settings = settings;
        this.quotas = quotas;
        this.publisher = publisher;
    }

    /** The settings in force for a tenant ({@code tenant} as {@link TenantScope#filter} allows; none: the platform's). */
    public Uni<QuotaSettings> get(TenantScope scope, String tenant) {
        return settings.effective(pool, scope.filter(tenant));
    }

    public Uni<QuotaSettings> put(TenantScope scope, SettingsDtos.Request request, String user) {
        String owner = scope.owner(request.tenant());
        QuotaSettings changed = new QuotaSettings(
                owner,
                Thresholds.check("thresholds", request.thresholds()),
                request.monitor(),
                request.autoDisable(),
                owner == null ? QuotaSettings.Source.PLATFORM : QuotaSettings.Source.TENANT,
                user,
                Instant.now());
        return pool.withTransaction(conn -> settings.save(conn, changed)
                        .chain(() -> quotas.followingSettings(conn, owner == null ? "" : owner, owner == null))
                        .chain(following -> publisher.publishAll(conn, following, changed)))
                .invoke(publisher::wake)
                .replaceWith(changed);
    }
}
