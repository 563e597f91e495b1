package io.trainyard.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** A registered pipeline version as the API answers it ({@code PipelineVersion} of docs/api.md). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineVersionBody(
    String name,
    int version,
    String digest,
    Instant createdAt,
    @Nullable String createdBy,
    @Nullable String description,
    Map<String, Object> spec,
    @Nullable String source) {}
