package io.trainyard.step;

/**
 * A step written in Java that runs inside the worker ({@code run: builtin:NAME}). Implementations
 * are beans; they follow the same step contract as a process: read inputs, write declared outputs
 * and {@code metrics.json} under the output directory, throw to fail the attempt.
 */
public interface BuiltinStep {

  /** The name after {@code builtin:} in a spec. */
  String name();

  /** Run one attempt. */
  void run(StepContext context) throws Exception;
}
