package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepAttemptRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reproduction runs each step of its own image in the digest its original ran in, never a
 * builtin (Trainyard's image), a failed attempt's or an unpullable bare image id; with the cache off.
 */
class PinnedImagesTest {
  private static final String DIGEST = "ghcr.io/acme/fit@sha256:" + "ab".repeat(32);

  @Test
  void stepsOfTheirOwnImageRunInTheDigestTheirOriginalSucceededIn() {
    PipelineSpec spec = pipeline(
        step("prep", "builtin:tabular-split", null),
        step("fit", "python fit.py", "ghcr.io/acme/fit:latest"),
        step("score", "python score.py", "ghcr.io/acme/score:1"));
    List<StepAttemptRecord> original = List.of(
        attempt("prep", "SUCCEEDED", "ghcr.io/acme/trainyard@sha256:" + "cd".repeat(32)),
        attempt("fit", "FAILED", "ghcr.io/acme/fit@sha256:" + "ef".repeat(32)),
        attempt("fit", "SUCCEEDED", DIGEST),
        attempt("score", "SUCCEEDED", "sha256:" + "12".repeat(32)));

    Map<String, String> pinned = PinnedImages.of(spec, original);
    PipelineSpec reproduced = spec.reproduced(pinned);

    assertThat(pinned).containsExactly(Map.entry("fit", DIGEST));
    assertThat(reproduced.step("fit").orElseThrow().image()).isEqualTo(DIGEST);
    assertThat(reproduced.step("score").orElseThrow().image()).as("a bare image id cannot be pulled").isEqualTo("ghcr.io/acme/score:1");
    assertThat(reproduced.step("prep").orElseThrow().image()).isNull();
    assertThat(reproduced.allSteps()).allSatisfy(step -> assertThat(step.cache()).isFalse());
  }

  private static PipelineSpec pipeline(StepSpec... train) {
    return new PipelineSpec(PipelineSpec.API_VERSION, PipelineSpec.KIND, new PipelineMetadata("p", null, Map.of()),
        new ModelSpec("m", "${steps.fit.outputs.model}"), null, null, List.of(train), null, null, null, null, null, null);
  }

  private static StepSpec step(String name, String run, String image) {
    return new StepSpec(name, run, image, null, null, List.of("model"), null, null, null, null, null, null, null);
  }

  private static StepAttemptRecord attempt(String step, String state, String imageDigest) {
    return new StepAttemptRecord(null, "r1", "TRAIN", step, 1, state, "cpu", "kubernetes", null, null, null, "{}", "{}", false,
        Instant.EPOCH, Instant.EPOCH, null, null, null, null, null, null, null, null, null, null, "image", imageDigest);
  }
}
