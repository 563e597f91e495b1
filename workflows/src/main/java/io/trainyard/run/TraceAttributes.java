package io.trainyard.run;

/**
 * The names of the attributes Trainyard puts on a run's spans, one vocabulary for the API's
 * request span, the step activities' spans and the steps' own processes (docs/operations.md).
 */
public final class TraceAttributes {
  public static final String RUN_ID = "trainyard.run_id";
  public static final String PIPELINE = "trainyard.pipeline";
  public static final String MODEL = "trainyard.model";
  public static final String TRIGGER = "trainyard.trigger";
  public static final String STAGE = "trainyard.stage";
  public static final String STEP = "trainyard.step";
  public static final String ATTEMPT = "trainyard.attempt";
  public static final String HARDWARE = "trainyard.hardware";
  public static final String EXECUTOR = "trainyard.executor";
  public static final String CACHED = "trainyard.cached";

  private TraceAttributes() {}
}
