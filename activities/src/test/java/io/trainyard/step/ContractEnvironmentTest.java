package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.artifact.TrainyardHome;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract environment of a launch read back into the step context a builtin sees. */
class ContractEnvironmentTest {
  @TempDir Path temp;

  private Map<String, String> environment() {
    StepSpec spec =
        new StepSpec("train", "builtin:tribuo-train", null, null, null, List.of("model"), null, null, null, null, false, null, null);
    AttemptPaths paths = AttemptPaths.of(TrainyardHome.at(temp), "run-7", "train", 3);
    StepLaunch launch =
        new StepLaunch(
            "run-7",
            Stage.TRAIN,
            spec,
            "cpu",
            3,
            Map.of("epochs", 20, "learning_rate", 0.5, "serving_scaling", "none", "balanced", true),
            Map.of("label", "diagnosis", "seed", "42"),
            Map.of("train-set", temp.resolve("train.csv"), "scaler", temp.resolve("scaler.json")),
            paths,
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Duration.ofSeconds(10),
            detail -> {}, null);
    return new HashMap<>(ContractEnvironment.of(launch));
  }

  @Test
  void theContextReadFromALaunchEnvironmentHasTheLaunchFacts() {
    List<Object> beats = new ArrayList<>();
    StepContext context = ContractEnvironment.context(environment(), beats::add);

    assertThat(context.runId()).isEqualTo("run-7");
    assertThat(context.step()).isEqualTo("train");
    assertThat(context.attempt()).isEqualTo(3);
    assertThat(context.seed()).isEqualTo(StepSeed.of(Map.of(), "train"));
    assertThat(context.params())
        .containsEntry("epochs", 20)
        .containsEntry("learning_rate", 0.5)
        .containsEntry("serving_scaling", "none")
        .containsEntry("balanced", true)
        .hasSize(4);
    assertThat(context.with()).isEqualTo(Map.of("label", "diagnosis", "seed", "42"));
    AttemptPaths paths = AttemptPaths.of(TrainyardHome.at(temp), "run-7", "train", 3);
    assertThat(context.outputDir()).isEqualTo(paths.outputDir());
    assertThat(context.checkpointDir()).isEqualTo(paths.checkpointDir());
    context.heartbeat().accept("beat");
    assertThat(beats).containsExactly("beat");
  }

  @Test
  void inputsAreFoundByTheirDeclaredNameOrTheirVariableName() {
    StepContext context = ContractEnvironment.context(environment(), detail -> {});

    assertThat(context.inputs()).containsOnlyKeys("TRAIN_SET", "SCALER");
    assertThat(context.input("train-set")).isEqualTo(temp.resolve("train.csv"));
    assertThat(context.input("TRAIN_SET")).isEqualTo(temp.resolve("train.csv"));
    assertThat(context.input("scaler")).isEqualTo(temp.resolve("scaler.json"));
    assertThatThrownBy(() -> context.input("holdout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'train' has no input 'holdout'");
  }

  @Test
  void aDeclaredNameWinsOverAnotherInputsVariableName() {
    StepContext context =
        new StepContext(
            "r", "s", 1, 0, Map.of(), Map.of(),
            Map.of("a-b", Path.of("dashed"), "A_B", Path.of("upper")),
            temp, temp, detail -> {});

    assertThat(context.input("a-b")).isEqualTo(Path.of("dashed"));
    assertThat(context.input("A_B")).isEqualTo(Path.of("upper"));
    assertThat(context.input("a_b")).isEqualTo(Path.of("upper"));
  }

  @Test
  void aMissingVariableIsNamed() {
    for (String variable :
        List.of(
            ContractEnvironment.RUN_ID,
            ContractEnvironment.STEP,
            ContractEnvironment.ATTEMPT,
            ContractEnvironment.SEED,
            ContractEnvironment.PARAMS,
            ContractEnvironment.WITH,
            ContractEnvironment.OUTPUT_DIR,
            ContractEnvironment.CHECKPOINT_DIR)) {
      Map<String, String> env = environment();
      env.remove(variable);
      assertThatThrownBy(() -> ContractEnvironment.context(env, detail -> {}))
          .as(variable)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(variable + " is not set");
    }
  }

  @Test
  void anInvalidVariableIsNamedWithWhatIsWrong() {
    assertInvalid(ContractEnvironment.ATTEMPT, "0", "TRAINYARD_ATTEMPT is not a positive whole number: '0'");
    assertInvalid(ContractEnvironment.ATTEMPT, "two", "TRAINYARD_ATTEMPT is not a positive whole number: 'two'");
    assertInvalid(ContractEnvironment.SEED, "-1", "TRAINYARD_SEED is not a whole number from 0 to 4294967295: '-1'");
    assertInvalid(ContractEnvironment.SEED, "4294967296", "TRAINYARD_SEED is not a whole number from 0 to 4294967295: '4294967296'");
    assertInvalid(ContractEnvironment.SEED, "4.2", "TRAINYARD_SEED is not a whole number from 0 to 4294967295: '4.2'");
    assertInvalid(ContractEnvironment.PARAMS, "[1, 2]", "TRAINYARD_PARAMS is not a JSON object: [1, 2]");
    assertInvalid(ContractEnvironment.PARAMS, "{\"epochs\": ", "TRAINYARD_PARAMS is not a JSON object: ");
    assertInvalid(ContractEnvironment.WITH, "{\"seed\": 42}", "TRAINYARD_WITH.seed is not a string: 42");
    assertInvalid(ContractEnvironment.INPUT_PREFIX + "DATA", "", "TRAINYARD_INPUT_DATA is empty");
    assertInvalid(ContractEnvironment.INPUT_PREFIX, "/data.csv", "TRAINYARD_INPUT_ names no input: expected TRAINYARD_INPUT_<NAME>");
  }

  private void assertInvalid(String variable, String value, String messageStart) {
    Map<String, String> env = environment();
    env.put(variable, value);
    assertThatThrownBy(() -> ContractEnvironment.context(env, detail -> {}))
        .as(variable + "=" + value)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart);
  }
}
