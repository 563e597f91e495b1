package io.trainyard.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A registered model version with its lineage. The {@code *Json} columns hold JSON objects: data
 * digests (input name to sha256), parameters (name to value), metrics (name to number), and what
 * started the run that built it ({@code triggerKind}, {@code triggerJson}: copied from the run's row;
 * null for versions registered before runs recorded it), and {@code stepsJson}: what ran each step of
 * that run (a JSON array, one object per step: its succeeded attempt's hardware class, executor, builtin
 * and version, image and digest; null for versions registered before steps were recorded).
 */
@MappedEntity(value = "model_version", escape = false)
public record ModelVersionRecord(
    @Id @GeneratedValue @Nullable Long id,
    String model,
    int version,
    String artifactUri,
    @Nullable String sha256,
    String runId,
    String pipeline,
    String pipelineVersion,
    String dataDigestsJson,
    String paramsJson,
    String metricsJson,
    @Nullable String codeVersion,
    Instant createdAt,
    @Nullable String triggerKind,
    @Nullable String triggerJson,
    @Nullable String stepsJson) {}
