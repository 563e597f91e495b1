package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Whether a failed analysis rolls the candidate back on its own. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackPolicy(Boolean automatic) {
  public static final RollbackPolicy AUTOMATIC = new RollbackPolicy(true);

  public RollbackPolicy {
    automatic = automatic == null ? Boolean.TRUE : automatic;
  }
}
