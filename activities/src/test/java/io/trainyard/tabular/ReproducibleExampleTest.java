package io.trainyard.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.Stage;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.ParameterValues;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.BuiltinStep;
import io.trainyard.step.StepHarness;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import io.trainyard.step.StepSeed;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.provenance.ModelProvenance;

/**
 * The example pipeline's builtin steps, run through the step activity (artifact store, digests) in
 * fresh homes, under other run ids and seconds apart: identical data, parameters and seed give
 * byte-identical outputs under equal digests, the model included; another seed gives other outputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproducibleExampleTest {

  static final Path EXAMPLE = Path.of("../examples/breast-cancer").toAbsolutePath().normalize();
  static final List<BuiltinStep> BUILTINS = TabularSteps.all();

  @TempDir static Path temp;
  PipelineSpec spec;
  ExampleRun first;
  ExampleRun second;
  ExampleRun otherSeed;

  /** One run of the example: each step's result. */
  record ExampleRun(Map<String, StepResult> results) {

    /** The digest of each step output, as {@code step.output}. */
    Map<String, String> digests() {
      Map<String, String> digests = new TreeMap<>();
      results.forEach((step, result) -> result.outputs().forEach((name, ref) -> digests.put(step + "." + name, ref.sha256())));
      return digests;
    }

    Path output(String step, String name) {
      return Path.of(java.net.URI.create(results.get(step).outputs().get(name).uri()));
    }
  }

  @BeforeAll
  void runTheExampleThreeTimes() throws Exception {
    spec = new ObjectMapper(new YAMLFactory()).readValue(EXAMPLE.resolve("pipeline.yaml").toFile(), PipelineSpec.class);
    first = run(temp.resolve("a/home"), "run-a", 42);
    second = run(temp.resolve("b/home"), "run-b", 42);
    otherSeed = run(temp.resolve("c/home"), "run-c", 7);
  }

  @Test
  void equalDataParametersAndSeedGiveEqualOutputsInFreshHomes() throws Exception {
    assertThat(first.digests())
        .containsOnlyKeys("split.train", "split.holdout", "split.scaler", "train.model")
        .isEqualTo(second.digests());
    assertThat(first.output("train", "model")).isNotEqualTo(second.output("train", "model"));
    for (String file : List.of(ModelBundle.MODEL_FILE, ModelBundle.SERVING_FILE)) {
      assertThat(second.output("train", "model").resolve(file)).hasSameBinaryContentAs(first.output("train", "model").resolve(file));
    }
    first.results().forEach((step, result) -> assertThat(second.results().get(step).metrics()).as(step).isEqualTo(result.metrics()));
    assertThat(first.results().get("evaluate").metrics().get("accuracy")).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void anotherSeedGivesAnotherSplitAndAnotherModel() {
    for (String output : List.of("split.train", "split.holdout", "train.model")) {
      assertThat(otherSeed.digests().get(output)).as(output).isNotEqualTo(first.digests().get(output));
    }
  }

  @Test
  void theModelRecordsItsDataByDigestAndItsSeedButNoTimePathOrMachine() throws Exception {
    ModelProvenance provenance = ModelBundle.load(first.output("train", "model")).model().getProvenance();

    assertThat(provenance.getTrainingTime()).isEqualTo(StableProvenance.UNRECORDED);
    assertThat(provenance.getJavaVersion()).isNotEqualTo(System.getProperty("java.version"));
    assertThat(provenance.getOS()).isNotEqualTo(System.getProperty("os.name"));
    String recorded = provenance.toString();
    assertThat(recorded)
        .contains("description=train sha256:" + first.digests().get("split.train"))
        .contains("seed=" + StepSeed.of(Map.of("seed", 42), "train"))
        .doesNotContain(temp.toString())
        .doesNotContain("run-a");
  }

  private static InputRoots roots(Path home) {
    return InputRoots.of(home, List.of(EXAMPLE.toString()));
  }

  /** The example's steps in stage order, with its parameters' defaults and this seed, in a fresh home. */
  private ExampleRun run(Path home, String runId, long seed) throws Exception {
    Map<String, Object> params = ParameterValues.resolve(spec, Map.of(StepSeed.PARAMETER, Long.toString(seed)));
    Map<String, StepResult> results = new LinkedHashMap<>();
    try (StepHarness harness = new StepHarness(home, BUILTINS, null, roots(home))) {
      for (Stage stage : List.of(Stage.PREPARE, Stage.TRAIN, Stage.EVALUATE)) {
        for (StepSpec step : stage == Stage.PREPARE ? spec.prepare() : stage == Stage.TRAIN ? spec.train() : spec.evaluate()) {
          Map<String, ArtifactRef> inputs = new TreeMap<>();
          step.inputs().forEach((name, value) -> inputs.put(name, input(value, results)));
          Map<String, String> with = new TreeMap<>();
          step.with().forEach((key, value) -> with.put(key, Reference.interpolateParams(value, params)));
          results.put(step.name(), harness.activities.execute(new StepRequest(runId, stage, step, inputs, params, with)));
        }
      }
    }
    return new ExampleRun(results);
  }

  /** A step output by reference, or a data file next to the pipeline, as the CLI resolves it. */
  private static ArtifactRef input(String value, Map<String, StepResult> results) {
    return Reference.whole(value)
        .filter(reference -> reference.kind() == Reference.Kind.STEP_OUTPUT)
        .map(reference -> results.get(reference.step()).outputs().get(reference.name()))
        .orElseGet(() -> ArtifactRef.external(EXAMPLE.resolve(value).toString()));
  }
}
