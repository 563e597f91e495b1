package io.trainyard.step;

/** How an executor's attempt ended when it succeeded: the process exit code, null for builtins. */
public record ExecutionOutcome(Integer exitCode) {}
