package io.trainyard.api.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.run.DecisionResult;
import java.util.List;

/** The gate's answer to a decision: approvals so far against those required, and the outcome ({@code waiting}, {@code approved}, {@code rejected}). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GateAnswer(int approvals, int required, List<String> approvedBy, String outcome) {

  static GateAnswer of(DecisionResult result) {
    return new GateAnswer(result.approvals(), result.required(), result.approvedBy(), result.outcome());
  }
}
