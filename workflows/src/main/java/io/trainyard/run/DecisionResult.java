package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What a decision did: approvals so far against those required, and whether the gate is settled. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionResult(int approvals, int required, List<String> approvedBy, String outcome) {
  public static final String WAITING = "waiting";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";

  public DecisionResult {
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }
}
