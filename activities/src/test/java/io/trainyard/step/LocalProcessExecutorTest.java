package io.trainyard.step;

import static io.trainyard.failure.FailureAssertions.nonRetryable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
import io.trainyard.run.Stage;
import io.trainyard.run.StepState;
import io.trainyard.spec.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessExecutorTest {
  @TempDir Path temp;
  StepHarness harness;

  @BeforeEach
  void setUp() {
    harness = new StepHarness(temp.resolve("home"), List.of());
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void aShellStepSeesTheWholeContractAndWritesOutputsAndMetrics() throws Exception {
    Path data = Files.writeString(temp.resolve("data.csv"), "a,b\n1,2\n");
    StepSpec spec =
        step(
            "split",
            "env | grep -E '^(TRAINYARD_|TRACEPARENT=)' | sort > \"$TRAINYARD_OUTPUT_DIR/env\"\n"
                + "pwd > \"$TRAINYARD_OUTPUT_DIR/pwd\"\n"
                + "mkdir \"$TRAINYARD_OUTPUT_DIR/train\" && cp \"$TRAINYARD_INPUT_RAW_DATA\" \"$TRAINYARD_OUTPUT_DIR/train/part-0.csv\"\n"
                + "echo '{\"accuracy\": 0.93, \"rows\": 2}' > \"$TRAINYARD_OUTPUT_DIR/metrics.json\"\n"
                + "echo done",
            List.of(),
            List.of("env", "pwd", "train"));

    StepResult result =
        harness.activities.execute(
            new StepRequest(
                "run-1",
                Stage.PREPARE,
                spec,
                Map.of("raw-data", ArtifactRef.external(data.toString())),
                Map.of("seed", 42, "learning_rate", 0.5),
                Map.of("label", "diagnosis")));

    assertThat(result.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("accuracy", 0.93, "rows", 2.0));
    assertThat(result.cached()).isFalse();
    Map<String, String> env =
        Files.readAllLines(harness.store.localPath(result.outputs().get("env"))).stream()
            .map(line -> line.split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    Path work = temp.resolve("home/work/run-1/split");
    assertThat(env)
        .containsOnlyKeys(
            "TRAINYARD_RUN_ID", "TRAINYARD_STEP", "TRAINYARD_ATTEMPT", "TRAINYARD_SEED", "TRAINYARD_HARDWARE", "TRAINYARD_PARAMS",
            "TRAINYARD_WITH", "TRAINYARD_INPUT_RAW_DATA", "TRAINYARD_OUTPUT_DIR", "TRAINYARD_CHECKPOINT_DIR",
            "TRACEPARENT")
        .containsEntry("TRAINYARD_RUN_ID", "run-1")
        .containsEntry("TRAINYARD_STEP", "split")
        .containsEntry("TRAINYARD_ATTEMPT", "1")
        .containsEntry("TRAINYARD_SEED", Long.toString(StepSeed.of(Map.of("seed", 42), "split")))
        .containsEntry("TRAINYARD_HARDWARE", "cpu")
        .containsEntry("TRAINYARD_PARAMS", "{\"learning_rate\":0.5,\"seed\":42}")
        .containsEntry("TRAINYARD_WITH", "{\"label\":\"diagnosis\"}")
        .containsEntry("TRAINYARD_OUTPUT_DIR", work.resolve("attempt-1/outputs").toString())
        .containsEntry("TRAINYARD_CHECKPOINT_DIR", work.resolve("checkpoint").toString());
    assertThat(env.get("TRAINYARD_INPUT_RAW_DATA")).startsWith(harness.store.root().toString()).endsWith("data.csv");
    assertThat(env.get("TRACEPARENT")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(harness.store.localPath(result.outputs().get("pwd")))
        .hasContent(work.resolve("attempt-1").toString());
    assertThat(harness.store.localPath(result.outputs().get("train")).resolve("part-0.csv")).hasContent("a,b\n1,2");
    assertThat(temp.resolve("home/logs/run-1/split/attempt-1.log")).hasContent("done");
  }

  @Test
  void aCommandListIsExecutedWithoutAShell() {
    StepSpec spec = step("argv", null, List.of("/bin/sh", "-c", "echo \"$0\" > \"$TRAINYARD_OUTPUT_DIR/arg\"", "$HOME"), List.of("arg"));

    StepResult result = harness.activities.execute(request(spec));

    assertThat(harness.store.localPath(result.outputs().get("arg"))).hasContent("$HOME");
  }

  @Test
  void aNonZeroExitFailsRetryablyWithTheExitCodeAndTheLogTail() {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      script.append("echo line-").append(i).append('\n');
    }
    script.append("echo boom >&2; exit 3");

    assertThatThrownBy(() -> harness.activities.execute(request(step("fails", script.toString(), List.of(), List.of()))))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(StepExecutor.STEP_FAILED);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage())
                  .contains("exited with code 3")
                  .contains("line-30")
                  .contains("line-12")
                  .contains("boom")
                  .doesNotContain("line-11\n");
            });
    AttemptFinished finished = harness.journal.lastFinished();
    assertThat(finished.state()).isEqualTo(StepState.FAILED);
    assertThat(finished.exitCode()).isEqualTo(3);
    assertThat(finished.error()).contains("exited with code 3");
  }

  @Test
  void cancellingTheActivityKillsTheStepsProcessTree() throws Exception {
    Path pidFile = temp.resolve("sleep.pid");
    List<StepProgress> heartbeats = new CopyOnWriteArrayList<>();
    harness.environment.setActivityHeartbeatListener(StepProgress.class, heartbeats::add);
    StepSpec spec = step("long", "sleep 300 & echo $! > " + pidFile + "; wait", List.of(), List.of());

    CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(() -> harness.activities.execute(request(spec)));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0 && !heartbeats.isEmpty());
    long sleeper = Processes.pidIn(pidFile);
    assertThat(Processes.running(sleeper)).isTrue();

    harness.environment.requestCancelActivity();

    assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .rootCause()
        .isInstanceOf(CanceledFailure.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> !Processes.running(sleeper));
    assertThat(heartbeats.get(0).pid()).isPositive();
    assertThat(heartbeats.get(0).step()).isEqualTo("long");
    assertThat(harness.journal.lastFinished().state()).isEqualTo(StepState.CANCELLED);
  }

  @Test
  void anImageStepIsMisconfiguredOnTheLocalExecutor() {
    StepSpec spec =
        new StepSpec("img", null, "python:3.12", List.of("python", "train.py"), null, null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> harness.activities.execute(request(spec)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            nonRetryable(FailureTypes.STEP_MISCONFIGURED, "image steps need a worker with trainyard.executor=kubernetes"));
  }

  @Test
  void secretsAreReadFromTheHomeIntoTheStepsEnvironmentOnly() throws Exception {
    Path key = Files.createDirectories(temp.resolve("home/secrets/wandb")).resolve("api-key");
    Files.writeString(key, "wandb-value-1\n");
    Files.createDirectories(temp.resolve("home/secrets/db.prod"));
    Files.writeString(temp.resolve("home/secrets/db.prod/password"), "pa ss=word");
    StepSpec spec =
        withSecrets(
            step("fit", "printf '%s|%s' \"$WANDB_API_KEY\" \"$DB_PASSWORD\" > \"$TRAINYARD_OUTPUT_DIR/seen\"", List.of(), List.of("seen")),
            Map.of("WANDB_API_KEY", "wandb/api-key", "DB_PASSWORD", "db.prod/password"));

    StepResult result = harness.activities.execute(request(spec));

    // as a Kubernetes Secret's key gives it: the file's bytes, trailing newline included
    assertThat(harness.store.localPath(result.outputs().get("seen"))).hasContent("wandb-value-1\n|pa ss=word");
    assertThat(harness.journal.lastFinished().toString()).doesNotContain("wandb-value-1").doesNotContain("pa ss=word");
  }

  @Test
  void aMissingSecretFileIsMisconfiguredNamingTheStepTheVariableAndTheFile() throws Exception {
    Path marker = temp.resolve("ran");
    StepSpec spec =
        withSecrets(step("fit", "touch " + marker, List.of(), List.of()), Map.of("WANDB_API_KEY", "wandb/api-key"));

    assertThatThrownBy(() -> harness.activities.execute(request(spec)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            nonRetryable(
                FailureTypes.STEP_MISCONFIGURED,
                "step 'fit': secret WANDB_API_KEY (wandb/api-key) expects the file "
                    + temp.resolve("home/secrets/wandb/api-key")));
    assertThat(marker).doesNotExist();
  }

  @Test
  void aSecretThatIsNotAReferenceOrTakesAContractNameIsMisconfigured() {
    StepSpec notAReference = withSecrets(step("fit", "true", List.of(), List.of()), Map.of("TOKEN", "../../etc/passwd"));
    StepSpec contract = withSecrets(step("fit", "true", List.of(), List.of()), Map.of("TRACEPARENT", "trace/parent"));

    assertThatThrownBy(() -> harness.activities.execute(request(notAReference)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            nonRetryable(FailureTypes.STEP_MISCONFIGURED, "step 'fit': secret TOKEN: '..' is not a secret name"));
    assertThatThrownBy(() -> harness.activities.execute(request(contract)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            nonRetryable(FailureTypes.STEP_MISCONFIGURED, "step 'fit': secret TRACEPARENT would replace a step contract variable"));
  }

  private static StepSpec withSecrets(StepSpec s, Map<String, String> secrets) {
    return new StepSpec(s.name(), s.run(), s.image(), s.command(), s.inputs(), s.outputs(), s.hardware(), s.retries(),
        s.timeout(), s.heartbeat(), s.cache(), s.with(), secrets);
  }

  static StepSpec step(String name, String run, List<String> command, List<String> outputs) {
    return new StepSpec(name, run, null, command, null, outputs, null, null, null, null, false, null, null);
  }

  static StepRequest request(StepSpec spec) {
    return new StepRequest("run-1", Stage.TRAIN, spec, Map.of(), Map.of(), Map.of());
  }
}
