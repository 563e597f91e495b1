package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One move of an alias: from which version to which ({@code null} when it did not exist or was
 * removed), by which run ({@code runId}) or person ({@code by}), why and when.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AliasChange(
    @Nullable Integer from,
    @Nullable Integer to,
    @Nullable String runId,
    @Nullable String by,
    @Nullable String reason,
    Instant at) {}
