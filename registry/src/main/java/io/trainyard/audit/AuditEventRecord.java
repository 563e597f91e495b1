package io.trainyard.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One write through the API, kept forever: who ({@code actor} and the roles the token carried),
 * what ({@code action} on {@code target}, with details as JSON), how it ended ({@code outcome}),
 * when, and the request id that ties it to logs and traces.
 */
@MappedEntity(value = "audit_event", escape = false)
public record AuditEventRecord(
    @Id @GeneratedValue @Nullable Long id,
    String actor,
    String roles,
    String action,
    String target,
    String detailJson,
    String outcome,
    String requestId,
    Instant occurredAt) {}
