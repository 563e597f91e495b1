package io.trainyard.serving;

import java.util.Locale;

/** Which side of a traffic split answered a request. */
public enum ServingRole {
  STABLE,
  CANARY;

  /** The lower-case spelling used in HTTP responses. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
