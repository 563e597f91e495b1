package io.trainyard.api.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run waiting at its gate: who started it, since when and until when, the role, four-eyes rule and
 * number of approvals it needs, who approved so far, its metrics.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WaitingApproval(
    String runId,
    String pipeline,
    String model,
    @Nullable String startedBy,
    Instant waitingSince,
    Instant deadline,
    String role,
    boolean fourEyes,
    int required,
    int approvals,
    List<String> approvedBy,
    Map<String, Double> metrics) {}
