package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Set;

/** An approver's decision at the gate, with the identity and roles the caller authenticated. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(String user, Set<String> roles, DecisionKind kind, String comment) {
  public Decision {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }
}
