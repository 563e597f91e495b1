package io.trainyard.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The gate's rules checked: passed when every rule held. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateResult(boolean passed, List<RuleResult> results) {
  public GateResult {
    results = results == null ? List.of() : List.copyOf(results);
  }
}
