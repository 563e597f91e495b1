package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * What a run waiting at its gate waits for: the policy (required approvals, role, four-eyes,
 * deadline), the approvals so far ({@code approvedByJson}: a JSON array of user names), and the
 * run's pipeline, model, starter and metrics ({@code metricsJson}: name to number) as they stood
 * when it entered the wait.
 */
@MappedEntity(value = "gate_wait", escape = false)
public record GateWaitRecord(
    @Id String runId,
    String pipeline,
    String model,
    @Nullable String startedBy,
    int required,
    String role,
    boolean fourEyes,
    int approvals,
    String approvedByJson,
    String metricsJson,
    Instant waitingSince,
    Instant deadline) {}
