package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Point an alias at a version (or take it away with {@code version == 0}). Moving {@code
 * production} also moves {@code previous} to the version it leaves. {@code actor} is the person
 * behind the move, null when a run moves it on its own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AliasMove(String model, String alias, int version, String runId, String reason, String actor) {

  /** A move a run makes on its own, with no person behind it. */
  public AliasMove(String model, String alias, int version, String runId, String reason) {
    this(model, alias, version, runId, reason, null);
  }
}
