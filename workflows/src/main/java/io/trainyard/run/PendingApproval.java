package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A gate waiting for people: what it needs, who approved so far, and when it times out. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingApproval(
    int required, String role, boolean fourEyes, List<String> approvedBy, long deadlineMillis) {
  public PendingApproval {
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }
}
