package io.trainyard.registry;

import io.trainyard.run.Stage;
import io.trainyard.run.StepState;
import io.trainyard.step.StepAttemptRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ran one step of a model's run, as its model version keeps it ({@code model_version.steps_json}):
 * the succeeded attempt's number, hardware class and executor, whether the step cache answered it (then
 * the rest names what ran the attempt that produced the outputs), the builtin and its version, the image
 * and the digest the node resolved it to.
 */
record StepLineage(
    String step,
    String stage,
    int attempt,
    String hardware,
    String executor,
    boolean cached,
    String builtin,
    String builtinVersion,
    String image,
    String imageDigest) {

  /**
   * The lineage of a run's steps from its recorded attempts: per step its succeeded attempt (the last,
   * should a retry have succeeded again), in the order of the stages, then of the steps' starts.
   */
  static List<StepLineage> of(List<StepAttemptRecord> attempts) {
    Map<String, StepAttemptRecord> succeeded = new LinkedHashMap<>();
    attempts.stream()
        .filter(a -> StepState.SUCCEEDED.name().equals(a.state()))
        .sorted(Comparator.comparingInt(StepAttemptRecord::attempt))
        .forEach(a -> succeeded.put(a.step(), a));
    return succeeded.values().stream()
        .sorted(Comparator.comparingInt((StepAttemptRecord a) -> Stage.valueOf(a.stage()).ordinal())
            .thenComparing(StepAttemptRecord::startedAt)
            .thenComparing(StepAttemptRecord::step))
        .map(a -> new StepLineage(a.step(), a.stage(), a.attempt(), a.hardware(), a.executor(), a.cached(), a.builtin(),
            a.builtinVersion(), a.image(), a.imageDigest()))
        .toList();
  }
}
