package io.trainyard.api.audit;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * What to read of the audit trail: exact {@code actor}, {@code action} and {@code target} ({@code
 * null} for any), a time range ({@code after} inclusive, {@code before} exclusive), a page size and
 * the cursor of an earlier page, all as the client wrote them.
 */
public record AuditQuery(
    @Nullable String actor,
    @Nullable String action,
    @Nullable String target,
    @Nullable String after,
    @Nullable String before,
    @Nullable String limit,
    @Nullable String cursor) {}
