package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.api.run.Trigger;
import java.time.Instant;
import java.util.Map;

/**
 * A registered model version with its lineage: the artifact ({@code uri}, {@code digest}), the run
 * and pipeline version that built it and what started that run ({@code trigger}), the digests of its
 * data, its parameters, metrics and code version.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelVersion(
    String name,
    int version,
    @Nullable String digest,
    String uri,
    String runId,
    String pipeline,
    String pipelineVersion,
    Trigger trigger,
    Map<String, String> dataDigests,
    Map<String, Object> params,
    Map<String, Double> metrics,
    @Nullable String codeVersion,
    Instant createdAt) {}
