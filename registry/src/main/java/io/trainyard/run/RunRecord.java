package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A model run as the registry keeps it. {@code state} and {@code stage} hold the names of the
 * workflow module's {@code RunState} and {@code Stage}; the {@code *Json} columns hold JSON objects
 * (parameters: name to value; metrics: name to number). {@code triggerKind} and {@code triggerJson}:
 * what started the run (the workflow module's {@code TriggerKind} value and {@code RunTrigger}); null
 * in rows written before runs recorded it, which read as api. {@code team}: the pipeline's {@code
 * metadata.labels.team}, what cost totals group by team; {@code budget}: what the run may spend (null:
 * no limit), in the configured currency.
 */
@MappedEntity(value = "run", escape = false)
public record RunRecord(
    @Id String runId,
    String workflowId,
    String pipeline,
    String pipelineVersion,
    String model,
    String paramsJson,
    @Nullable String startedBy,
    String state,
    String stage,
    @Nullable String message,
    String metricsJson,
    @Nullable Integer modelVersion,
    @Nullable String alias,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String triggerKind,
    @Nullable String triggerJson,
    @Nullable String team,
    @Nullable BigDecimal budget) {}
