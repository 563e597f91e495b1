package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.api.run.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model version with its lineage: the artifact ({@code uri}, {@code digest}), the run
 * and pipeline version that built it (as a run names it: {@code pipelineVersion}, its number, null for
 * a version the catalogue never numbered; {@code pipelineDigest}, {@code sha256:<hex>}) and what started that run ({@code trigger}), the
 * digests of its data, its parameters and the run's {@code seed} among them, metrics, Trainyard's code
 * version, and what ran each step ({@code steps}: empty for versions registered before steps were
 * recorded).
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
    @Nullable Integer pipelineVersion,
    String pipelineDigest,
    Trigger trigger,
    Map<String, String> dataDigests,
    Map<String, Object> params,
    @Nullable Long seed,
    Map<String, Double> metrics,
    @Nullable String codeVersion,
    List<StepLineage> steps,
    Instant createdAt) {}
