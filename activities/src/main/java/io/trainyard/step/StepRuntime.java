package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What ran a step attempt, for its lineage: the builtin ({@code builtin}, its name after {@code
 * builtin:}, and {@code builtinVersion}, the code version of the worker that ran it in-process) and
 * the container image ({@code image}, the reference the pod asked for, and {@code imageDigest}, what
 * the node resolved it to: {@code repo@sha256:<hex>}, or {@code sha256:<hex>} when the container
 * runtime names no repository). A part that does not apply, or that could not be known, is null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepRuntime(String builtin, String builtinVersion, String image, String imageDigest) {
  /** Nothing known: a local command (the pipeline version's digest covers it), or an attempt that ended before it ran. */
  public static final StepRuntime NONE = new StepRuntime(null, null, null, null);

  /** A builtin run in a worker of this code version. */
  public static StepRuntime builtin(String name, String version) {
    return new StepRuntime(name, version, null, null);
  }
}
