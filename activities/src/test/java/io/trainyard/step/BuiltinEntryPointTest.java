package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and pod log lines of a builtin run from a contract environment. */
class BuiltinEntryPointTest {
  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Copies its input {@code source} to the output {@code copy}, reporting progress once. */
  static final class CopyStep implements BuiltinStep {
    @Override
    public String name() {
      return "copy";
    }

    @Override
    public void run(StepContext context) throws Exception {
      context.heartbeat().accept("copying");
      Files.copy(context.input("source"), context.output("copy"));
      Files.writeString(context.checkpointDir().resolve("done"), context.setting("marker", "none"));
    }
  }

  /** Fails every attempt. */
  static final class BrokenStep implements BuiltinStep {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public void run(StepContext context) {
      throw new IllegalStateException("the data has no rows");
    }
  }

  /** Finds its input unusable on every attempt. */
  static final class PickyStep implements BuiltinStep {
    @Override
    public String name() {
      return "picky";
    }

    @Override
    public void run(StepContext context) {
      throw new InvalidStepInput("source.txt has no label column 'y'");
    }
  }

  private int run(String name, Map<String, String> environment) {
    BuiltinEntryPoint entry =
        new BuiltinEntryPoint(
            List.of(new CopyStep(), new BrokenStep(), new PickyStep()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return entry.run(name, environment);
  }

  private Map<String, String> contract() throws Exception {
    Path source = Files.writeString(temp.resolve("source.txt"), "rows");
    return Map.of(
        "TRAINYARD_RUN_ID", "run-1",
        "TRAINYARD_STEP", "copy",
        "TRAINYARD_ATTEMPT", "2",
        "TRAINYARD_SEED", "7",
        "TRAINYARD_PARAMS", "{}",
        "TRAINYARD_WITH", "{\"marker\": \"m\"}",
        "TRAINYARD_INPUT_SOURCE", source.toString(),
        "TRAINYARD_OUTPUT_DIR", temp.resolve("out").toString(),
        "TRAINYARD_CHECKPOINT_DIR", temp.resolve("checkpoint").toString(),
        "PATH", "/usr/bin");
  }

  @Test
  void aSucceedingStepExitsZeroWithItsOutputsAndProgressOnStdout() throws Exception {
    assertThat(run("copy", contract())).isEqualTo(BuiltinEntryPoint.SUCCEEDED);

    assertThat(temp.resolve("out/copy")).hasContent("rows");
    assertThat(temp.resolve("checkpoint/done")).hasContent("m");
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.subList(0, 2))
        .containsExactly("builtin:copy run run-1 step copy attempt 2 started", "builtin:copy progress copying");
    assertThat(lines.get(2)).matches("builtin:copy succeeded in \\d+\\.\\ds; outputs: \\[copy\\]");
  }

  @Test
  void aFailingStepExitsOneWithItsStackTraceOnStderr() throws Exception {
    assertThat(run("broken", contract())).isEqualTo(BuiltinEntryPoint.FAILED);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("builtin:broken failed after ")
        .contains("java.lang.IllegalStateException: the data has no rows");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("java.lang.IllegalStateException: the data has no rows")
        .contains("at io.trainyard.step.BuiltinEntryPointTest$BrokenStep.run");
  }

  @Test
  void aStepThatCannotUseItsInputExitsThreeSoTheLauncherDoesNotRetryIt() throws Exception {
    assertThat(run("picky", contract())).isEqualTo(BuiltinEntryPoint.INVALID_INPUT);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("has no label column 'y'");
  }

  @Test
  void anUnknownBuiltinExitsTwoListingTheKnownOnes() throws Exception {
    assertThat(run("tabular-split", contract())).isEqualTo(BuiltinEntryPoint.USAGE);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("trainyard step: unknown builtin 'tabular-split'; known builtins: broken, copy, picky" + System.lineSeparator());
    assertThat(out.size()).isZero();
  }

  @Test
  void anIncompleteContractExitsTwoNamingTheVariableAndRunsNothing() throws Exception {
    Map<String, String> env = new HashMap<>(contract());
    env.put("TRAINYARD_PARAMS", "epochs=3");

    assertThat(run("copy", env)).isEqualTo(BuiltinEntryPoint.USAGE);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("trainyard step: the step contract is incomplete: TRAINYARD_PARAMS is not a JSON object: ");
    assertThat(temp.resolve("out")).doesNotExist();
  }
}
