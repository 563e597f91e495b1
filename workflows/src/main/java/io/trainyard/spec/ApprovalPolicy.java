package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * How many approvals a run needs at the gate, from which role, whether the user who started the
 * run may approve it (four-eyes), and what happens when nobody decides in time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalPolicy(
    Integer required, String role, Boolean fourEyes, String timeout, TimeoutAction onTimeout) {

  public static final ApprovalPolicy NONE = new ApprovalPolicy(0, null, null, null, null);
  public static final String DEFAULT_ROLE = "approver";
  public static final String DEFAULT_TIMEOUT = "24h";

  public ApprovalPolicy {
    required = required == null ? 0 : required;
    role = role == null ? DEFAULT_ROLE : role;
    fourEyes = fourEyes == null ? Boolean.TRUE : fourEyes;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    onTimeout = onTimeout == null ? TimeoutAction.REJECT : onTimeout;
  }

  /** How long the gate waits for decisions. */
  public Duration timeoutDuration() {
    return Durations.parse(timeout);
  }
}
