package io.trainyard.model;

/** The aliases Trainyard itself moves. */
public final class Aliases {
  /** The version that serves. */
  public static final String PRODUCTION = "production";
  /** The version that served before the current production one. */
  public static final String PREVIOUS = "previous";
  /** The version in canary. */
  public static final String CANARY = "canary";

  private Aliases() {}
}
