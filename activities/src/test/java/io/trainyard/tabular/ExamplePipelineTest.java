package io.trainyard.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trainyard.spec.ParameterSpec;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.BuiltinStep;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs examples/breast-cancer/pipeline.yaml's steps as written, with the parameters' defaults. */
class ExamplePipelineTest {

  static final Path PIPELINE = Path.of("../examples/breast-cancer/pipeline.yaml");
  static final Pattern STEP_OUTPUT = Pattern.compile("\\$\\{steps\\.([a-z0-9-]+)\\.outputs\\.([a-z0-9_]+)}");
  static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([a-z0-9_]+)}");

  @TempDir Path dir;

  final Map<String, BuiltinStep> builtins =
      Stream.of(new TabularSplitStep(), new TribuoTrainStep(), new TribuoEvaluateStep())
          .collect(Collectors.toMap(BuiltinStep::name, Function.identity()));

  @Test
  void exampleRunsWithItsBuiltinsAndPassesItsAccuracyRule() throws Exception {
    PipelineSpec spec = new ObjectMapper(new YAMLFactory()).readValue(PIPELINE.toFile(), PipelineSpec.class);
    Map<String, Object> params = new HashMap<>();
    spec.parameters().forEach((name, p) -> params.put(name, p.defaultValue()));
    assertThat(spec.parameters().values()).extracting(ParameterSpec::defaultValue).doesNotContainNull();

    BreastCancerRun run = new BreastCancerRun(dir);
    Map<String, Path> outputDirs = new HashMap<>();
    Path lastOutput = null;
    for (StepSpec step : spec.allSteps()) {
      assertThat(builtins).containsKey(step.builtinName());
      Map<String, Path> inputs = new HashMap<>();
      step.inputs().forEach((name, ref) -> inputs.put(name, resolve(ref, outputDirs)));
      Map<String, String> with = new HashMap<>();
      step.with().forEach((key, value) -> with.put(key, substitute(value, params)));
      lastOutput = run.run(builtins.get(step.builtinName()), step.name(), params, with, inputs);
      outputDirs.put(step.name(), lastOutput);
      for (String output : step.outputs()) {
        assertThat(lastOutput.resolve(output)).as(step.name() + " output " + output).exists();
      }
    }
    assertThat(spec.gate().rules()).contains("accuracy >= 0.90");
    assertThat(BreastCancerRun.metrics(lastOutput).get("accuracy")).isGreaterThanOrEqualTo(0.90);
    Path model = resolve(spec.model().artifact(), outputDirs);
    assertThat(ModelBundle.load(model).serving().label()).isEqualTo("diagnosis");
    assertThat(spec.rollout().steps()).hasSize(2);
    assertThat(spec.rollout().traffic().requests()).isEqualTo(150);
  }

  private static Path resolve(String ref, Map<String, Path> outputDirs) {
    Matcher m = STEP_OUTPUT.matcher(ref);
    if (m.matches()) {
      return outputDirs.get(m.group(1)).resolve(m.group(2));
    }
    return PIPELINE.getParent().resolve(ref);
  }

  private static String substitute(String value, Map<String, Object> params) {
    return PARAM.matcher(value).replaceAll(m -> String.valueOf(params.get(m.group(1))));
  }
}
