package io.trainyard.step;

import java.nio.file.Path;

/**
 * How an executor's attempt ended when it succeeded: the process exit code (null for builtins),
 * where the outputs are when not in this attempt's own output directory (an executor that adopted
 * the still-running work of an earlier attempt reads that attempt's; null otherwise), and what ran
 * the step ({@code runtime}, its lineage).
 */
public record ExecutionOutcome(Integer exitCode, Path outputDir, StepRuntime runtime) {
  public ExecutionOutcome {
    runtime = runtime == null ? StepRuntime.NONE : runtime;
  }

  /** An attempt that wrote to its own output directory and says nothing of what ran it. */
  public ExecutionOutcome(Integer exitCode) {
    this(exitCode, null, StepRuntime.NONE);
  }
}
