package io.watchkeeper.collector.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.contracts.EventType;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.UsageReport;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.rest.PageQuery;
import io.watchkeeper.platform.security.Roles;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.platform.security.apikey.ApiKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch intake over HTTP (the platform SDK's usage stats, meter readings). A batch is validated whole
 * before anything is published. Retrying is safe: energy is idempotent on reading id, and a usage batch sent
 * with an {@code Idempotency-Key} republishes events with the same ids, which consumers drop.
 */
@Path("/api/v1")
public class IngestResource {

    private final Batches batches;
    private final MetricPublisher publisher;
    private final EnergyLedger energy;
    private final EnergyIntake intake;
    private final MeterRegistry registry;
    private final Tenancy tenancy;

    public IngestResource(
            Batches batches,
            MetricPublisher publisher,
            EnergyLedger energy,
            EnergyIntake intake,
            MeterRegistry registry,
            Tenancy tenancy) {
        this.batches = batches;
        this.publisher = publisher;
        this.energy = energy;
        this.intake = intake;
        this.registry = registry;
        this.tenancy = tenancy;
    }

    @POST
    @Path("ingest/usage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN, ApiKeys.INGEST_USAGE})
    public Uni<Response> usage(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        TenantScope scope = tenancy.current();
        List<UsageReport> reports =
                counted("usage", () -> batches.read(body, EventType.USAGE, UsageReport.class).stream()
                        .map(r -> ownedBy(scope, r))
                        .toList());
        String batch = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey;
        AtomicInteger index = new AtomicInteger();
        return Multi.createFrom()
                .iterable(reports)
                .onItem()
                .transformToUniAndConcatenate(report -> {
                    int i = index.getAndIncrement();
                    return Multi.createFrom()
                            .iterable(IngestMetrics.usage(report))
                            .onItem()
                            .transformToUniAndConcatenate(
                                    m -> publisher.publish(m, "usage:" + batch + "/" + i + "/" + m.metric()))
                            .collect()
                            .last();
                })
                .collect()
                .last()
                .onFailure()
                .transform(IngestResource::unavailable)
                .replaceWith(
                        Response.accepted(Map.of("accepted", reports.size())).build());
    }

    @POST
    @Path("ingest/energy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN, ApiKeys.INGEST_ENERGY})
    public Uni<Response> energy(String body) {
        TenantScope scope = tenancy.current();
        List<EnergyReading> readings =
                counted("energy", () -> batches.read(body, EventType.ENERGY, EnergyReading.class).stream()
                        .map(r -> ownedBy(scope, r))
                        .toList());
        for (int i = 0; i < readings.size(); i++) {
            String stale = intake.stale(readings.get(i));
            if (stale != null) {
                throw ProblemException.invalid("[" + i + "].readAt", stale);
            }
        }
        AtomicInteger fresh = new AtomicInteger();
        return Multi.createFrom()
                .iterable(readings)
                .onItem()
                .transformToUniAndConcatenate(r -> intake.take(r).invoke(recorded -> {
                    if (recorded == EnergyLedger.Recorded.NEW) {
                        fresh.incrementAndGet();
                    }
                }))
                .collect()
                .last()
                .onFailure()
                .transform(IngestResource::unavailable)
                .map(done -> Response.accepted(Map.of(
                                "accepted",
                                readings.size(),
                                "new",
                                fresh.get(),
                                "duplicates",
                                readings.size() - fresh.get()))
                        .build());
    }

    @GET
    @Path("energy/daily")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Page<EnergyLedger.Daily>> daily(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("tenant") String tenant,
            @QueryParam("energyType") String energyType,
            @QueryParam("deviceId") String deviceId,
            @QueryParam("deviceGroup") String deviceGroup,
            @Valid @BeanParam PageQuery paging) {
        LocalDate end = date("to", to, LocalDate.now(java.time.ZoneOffset.UTC));
        LocalDate start = date("from", from, end.minusDays(30));
        return energy.daily(
                start,
                end,
                tenancy.current().filter(tenant),
                energyType,
                deviceId,
                deviceGroup,
                paging.page(),
                paging.size());
    }

    /** A tenant's caller reports for its own tenant only (another: 403, before anything of the batch is published). */
    private static UsageReport ownedBy(TenantScope scope, UsageReport r) {
        String tenant = scope.owner(r.tenant());
        return tenant == null || tenant.equals(r.tenant())
                ? r
                : new UsageReport(
                        tenant,
                        r.app(),
                        r.calls(),
                        r.errors(),
                        r.tokens(),
                        r.cost(),
                        r.currency(),
                        r.latencyMs(),
                        r.labels(),
                        r.observedAt());
    }

    private static EnergyReading ownedBy(TenantScope scope, EnergyReading r) {
        return new EnergyReading(
                r.readingId(),
                r.energyType(),
                r.deviceId(),
                r.deviceGroup(),
                r.value(),
                r.unit(),
                scope.labelsOf(r.labels()),
                r.readAt());
    }

    private <T> T counted(String kind, java.util.function.Supplier<T> read) {
        try {
            T items = read.get();
            count(kind, "accepted");
            return items;
        } catch (ProblemException e) {
            count(kind, "rejected");
            throw e;
        }
    }

    private void count(String kind, String outcome) {
        registry.counter("watchkeeper_collector_ingest_total", "kind", kind, "channel", "http", "outcome", outcome)
                .increment();
    }

    private static Throwable unavailable(Throwable e) {
        return e instanceof ProblemException
                ? e
                : new ProblemException(
                        503, "Service Unavailable", "the batch could not be recorded; retry it (it is safe to)", null);
    }

    private static LocalDate date(String field, String text, LocalDate fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date such as 2026-11-22");
        }
    }
}
