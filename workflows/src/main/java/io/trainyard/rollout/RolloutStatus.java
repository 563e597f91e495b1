package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A rollout's progress: the canary's share of traffic, which canary step it is on, every analysis
 * so far, and (at its end) the outcome with the reason.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutStatus(
    RolloutPhase phase,
    int canaryPercent,
    int step,
    int steps,
    List<AnalysisResult> analyses,
    RolloutOutcome outcome,
    String reason) {
  public RolloutStatus {
    analyses = analyses == null ? List.of() : List.copyOf(analyses);
  }
}
