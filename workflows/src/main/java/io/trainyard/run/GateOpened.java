package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A gate starting to wait for people: what its policy asks (approvals required, role, four-eyes),
 * when it times out, and the run's metrics the approvers judge.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateOpened(int required, String role, boolean fourEyes, long deadlineMillis, Map<String, Double> metrics) {
  public GateOpened {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
