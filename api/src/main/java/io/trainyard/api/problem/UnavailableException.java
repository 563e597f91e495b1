package io.trainyard.api.problem;

import java.time.Duration;

/**
 * A service Trainyard depends on (Temporal, the registry database) did not answer; nothing was
 * changed unless the message says otherwise (a run start whose outcome Temporal could not tell),
 * and the client may retry after {@link #retryAfter()}.
 */
public class UnavailableException extends RuntimeException {
  private final Duration retryAfter;

  public UnavailableException(String what, Duration retryAfter, Throwable cause) {
    super(what, cause);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
