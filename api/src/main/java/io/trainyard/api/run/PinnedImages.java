package io.trainyard.api.run;

import io.trainyard.run.StepState;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.step.StepAttemptRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a reproduction runs its steps in: for each step of its own image (not a builtin, which
 * runs in Trainyard's image) whose original succeeded in a pod, the digest the node resolved
 * ({@code repo@sha256:<hex>}), so that a moved tag cannot change what runs. A digest without a
 * repository (a runtime that reported only the image id) cannot be pulled: that step keeps its
 * reference.
 */
final class PinnedImages {
  private PinnedImages() {}

  /** Step name → pinned image, from the original run's attempts. */
  static Map<String, String> of(PipelineSpec spec, List<StepAttemptRecord> original) {
    Map<String, String> pinned = new TreeMap<>();
    for (StepAttemptRecord attempt : original) {
      String digest = attempt.imageDigest();
      boolean ownImage = spec.step(attempt.step()).filter(step -> !step.isBuiltin() && step.image() != null).isPresent();
      if (ownImage && StepState.SUCCEEDED.name().equals(attempt.state()) && digest != null && digest.contains("@sha256:")) {
        pinned.put(attempt.step(), digest);
      }
    }
    return pinned;
  }
}
