package io.trainyard.step;

import org.slf4j.MDC;

/**
 * The step attempt a log event belongs to, in the logging context (MDC) for as long as the attempt
 * runs in this thread: {@code runId}, {@code step}, {@code stepAttempt}, {@code hardware}, next to
 * the SDK's own ({@code WorkflowId}, {@code ActivityType}, ...), so a JSON log line says which run
 * and attempt wrote it.
 */
final class StepLogContext implements AutoCloseable {
  static final String RUN_ID = "runId";
  static final String STEP = "step";
  static final String STEP_ATTEMPT = "stepAttempt";
  static final String HARDWARE = "hardware";

  private StepLogContext() {}

  static StepLogContext of(String runId, String step, int attempt, String hardware) {
    MDC.put(RUN_ID, runId);
    MDC.put(STEP, step);
    MDC.put(STEP_ATTEMPT, Integer.toString(attempt));
    MDC.put(HARDWARE, hardware);
    return new StepLogContext();
  }

  @Override
  public void close() {
    MDC.remove(RUN_ID);
    MDC.remove(STEP);
    MDC.remove(STEP_ATTEMPT);
    MDC.remove(HARDWARE);
  }
}
