package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A run started through the API, recorded before its workflow starts: who asked, with which
 * idempotency key (none: {@code null}) and request fingerprint (hex sha256 of the canonical
 * request), and everything needed to start the workflow again after a crash. {@code
 * pipelineVersion} is the spec's digest, {@code paramsJson} the resolved parameters, {@code
 * triggerKind} and {@code triggerJson} what started the run (null in claims made before runs recorded
 * it: api). {@code budget}: the run budget the request asked for (null: the pipeline's). {@code
 * inputsJson}: the run's external inputs as its start digested them, {@code "<step>.<input>"} to
 * {@code {uri, sha256}} (null in claims made before runs recorded them).
 */
@MappedEntity(value = "run_request", escape = false)
public record RunRequestRecord(
    @Id String runId,
    String workflowId,
    String startedBy,
    @Nullable String idempotencyKey,
    String requestSha256,
    String pipeline,
    String pipelineVersion,
    String model,
    String paramsJson,
    String codeVersion,
    Instant createdAt,
    @Nullable String triggerKind,
    @Nullable String triggerJson,
    @Nullable BigDecimal budget,
    @Nullable String inputsJson) {}
