package io.watchkeeper.gateway.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One change an admin made or tried through the gateway: who (with their roles and tenant), what (method, path and
 * the id it concerned), the answer's status, the request id that joins it to the services' logs, and when.
 */
public record AuditEntry(
        UUID id,
        Instant at,
        String actor,
        String tenant,
        String roles,
        String method,
        String path,
        String target,
        int status,
        String requestId,
        String traceId) {}
