package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Metric rules a candidate must pass and the human approval it needs before rollout. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateSpec(List<String> rules, ApprovalPolicy approval) {
  public static final GateSpec NONE = new GateSpec(List.of(), ApprovalPolicy.NONE);

  public GateSpec {
    rules = rules == null ? List.of() : List.copyOf(rules);
    approval = approval == null ? ApprovalPolicy.NONE : approval;
  }
}
