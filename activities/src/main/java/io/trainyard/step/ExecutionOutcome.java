package io.trainyard.step;

import java.nio.file.Path;

/**
 * How an executor's attempt ended when it succeeded: the process exit code (null for builtins),
 * and where the outputs are when not in this attempt's own output directory (an executor that
 * adopted the still-running work of an earlier attempt reads that attempt's; null otherwise).
 */
public record ExecutionOutcome(Integer exitCode, Path outputDir) {

  /** An attempt that wrote to its own output directory. */
  public ExecutionOutcome(Integer exitCode) {
    this(exitCode, null);
  }
}
