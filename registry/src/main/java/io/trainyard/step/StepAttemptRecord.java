package io.trainyard.step;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One attempt of a step on an executor. {@code metricsJson} is a JSON object name to number,
 * {@code outputsJson} a JSON object output name to artifact reference.
 */
@MappedEntity(value = "step_attempt", escape = false)
public record StepAttemptRecord(
    @Id @GeneratedValue @Nullable Long id,
    String runId,
    String stage,
    String step,
    int attempt,
    String state,
    @Nullable String hardware,
    @Nullable String executor,
    @Nullable String logUri,
    @Nullable Integer exitCode,
    @Nullable String error,
    String metricsJson,
    String outputsJson,
    boolean cached,
    Instant startedAt,
    @Nullable Instant finishedAt) {}
