package io.trainyard.step;

import static io.trainyard.failure.FailureAssertions.nonRetryable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.cost.HourlyPrice;
import io.trainyard.failure.FailureTypes;
import io.trainyard.run.Stage;
import io.trainyard.run.StepState;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.StepSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepActivitiesImplTest {
  @TempDir Path temp;
  StepHarness harness;
  final CountingRows countRows = new CountingRows();
  final Sleeper sleeper = new Sleeper();

  /** A builtin that counts the rows of its input into a {@code counts} output and a metric. */
  static final class CountingRows implements BuiltinStep {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() {
      return "count-rows";
    }

    @Override
    public void run(StepContext context) throws Exception {
      runs.incrementAndGet();
      long rows = Files.readAllLines(context.input("data")).size();
      String label = context.setting("label", "rows");
      if (!context.setting("skip-output", "false").equals("true")) {
        Files.writeString(context.output("counts"), label + "=" + rows + " seed=" + context.params().get("seed"));
      }
      Files.writeString(context.checkpointDir().resolve("seen"), "yes");
      context.heartbeat().accept("counted");
      context.writeMetrics(Map.of(label, (double) rows));
    }
  }

  /** A builtin that waits until it is interrupted. */
  static final class Sleeper implements BuiltinStep {
    final AtomicBoolean started = new AtomicBoolean();

    @Override
    public String name() {
      return "sleep";
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
      started.set(true);
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  @BeforeEach
  void setUp() {
    harness = new StepHarness(temp.resolve("home"), List.of(countRows, sleeper));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void aBuiltinStepsOutputsAreStoredAndItsMetricsReturnedAndJournalled() throws Exception {
    StepResult result = harness.activities.execute(countRequest(Map.of("label", "n"), true));

    assertThat(result.cached()).isFalse();
    assertThat(result.attempt()).isEqualTo(1);
    assertThat(result.metrics()).containsExactlyEntriesOf(Map.of("n", 3.0));
    ArtifactRef counts = result.outputs().get("counts");
    assertThat(counts.sha256()).hasSize(64);
    assertThat(harness.store.localPath(counts)).hasContent("n=3 seed=7");
    assertThat(temp.resolve("home/work/run-9/count/checkpoint/seen")).exists();

    assertThat(harness.journal.started)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.runId()).isEqualTo("run-9");
              assertThat(s.stage()).isEqualTo(Stage.PREPARE);
              assertThat(s.step()).isEqualTo("count");
              assertThat(s.attempt()).isEqualTo(1);
              assertThat(s.hardware()).isEqualTo("cpu");
              assertThat(s.executor()).isEqualTo("builtin");
              assertThat(Path.of(java.net.URI.create(s.logUri())))
                  .isEqualTo(temp.resolve("home/logs/run-9/count/attempt-1.log"))
                  .exists();
            });
    assertThat(harness.journal.finished)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.state()).isEqualTo(StepState.SUCCEEDED);
              assertThat(f.metrics()).isEqualTo(result.metrics());
              assertThat(f.outputs()).isEqualTo(result.outputs());
              assertThat(f.cached()).isFalse();
              assertThat(f.error()).isNull();
              // what ran it, for the model's lineage: the builtin, at the worker's code version
              assertThat(f.runtime()).isEqualTo(StepRuntime.builtin("count-rows", StepHarness.CODE_VERSION));
            });
  }

  @Test
  void theSecondCallWithTheSameSpecInputsAndSettingsIsACacheHit() throws Exception {
    StepResult first = harness.activities.execute(countRequest(Map.of(), true));
    StepResult second = harness.activities.execute(countRequest(Map.of(), true));

    assertThat(countRows.runs).hasValue(1);
    assertThat(second.cached()).isTrue();
    assertThat(second.outputs()).isEqualTo(first.outputs());
    assertThat(second.metrics()).isEqualTo(first.metrics());
    assertThat(harness.journal.finished).extracting(AttemptFinished::cached).containsExactly(false, true);
    // the cached answer names what ran the attempt that produced its outputs
    assertThat(harness.journal.finished).extracting(AttemptFinished::runtime)
        .containsOnly(StepRuntime.builtin("count-rows", StepHarness.CODE_VERSION));
    // the cached answer cost nothing and shows what it saved: what the attempt that produced it cost
    AttemptCost produced = harness.journal.finished.get(0).cost();
    AttemptCost answered = harness.journal.finished.get(1).cost();
    assertThat(produced.cost()).isEqualTo(HourlyPrice.of(StepHarness.CPU_PRICE, produced.runningMillis()));
    assertThat(answered.cost()).isZero();
    assertThat(answered.runningMillis()).isZero();
    assertThat(answered.saved()).isEqualTo(produced.cost());
    try (var index = Files.list(temp.resolve("home/cache"))) {
      assertThat(index).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".json"));
    }

    StepResult otherSettings = harness.activities.execute(countRequest(Map.of("label", "lines"), true));
    assertThat(otherSettings.cached()).isFalse();
    assertThat(countRows.runs).hasValue(2);
  }

  @Test
  void aStepWithTheCacheOffRunsEveryTime() {
    harness.activities.execute(countRequest(Map.of(), false));
    StepResult again = harness.activities.execute(countRequest(Map.of(), false));

    assertThat(again.cached()).isFalse();
    assertThat(countRows.runs).hasValue(2);
  }

  @Test
  void aMissingDeclaredOutputIsANonRetryableFailureNamingIt() {
    assertThatThrownBy(() -> harness.activities.execute(countRequest(Map.of("skip-output", "true"), true)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, nonRetryable(FailureTypes.MISSING_OUTPUT, "'counts'"));
    assertThat(harness.journal.started).hasSize(1);
    assertThat(harness.journal.lastFinished().state()).isEqualTo(StepState.FAILED);
    assertThat(harness.journal.lastFinished().error()).contains("'counts'");
    assertThat(temp.resolve("home/cache")).doesNotExist();
  }

  @Test
  void anUnknownBuiltinIsMisconfiguredAndListsTheKnownOnes() {
    StepSpec spec = new StepSpec("x", "builtin:nope", null, null, null, null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-9", Stage.TRAIN, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, nonRetryable(FailureTypes.STEP_MISCONFIGURED, "'nope'", "[count-rows, sleep]"));
  }

  @Test
  void anInputOutsideTheRootsIsRefusedBeforeAnythingIsReadOrStored() throws Exception {
    Path secret = Files.writeString(Files.createDirectories(temp.resolve("home")).resolve("jwt-secret"), "s3cr3t-line\n");
    Path outside = Files.writeString(Files.createDirectories(temp.resolve("away")).resolve("private.csv"), "x\n");
    StepHarness confined =
        new StepHarness(temp.resolve("home"), List.of(countRows), null, InputRoots.of(temp.resolve("home"), List.of()));
    Path link = Files.createSymbolicLink(
        Files.createDirectories(temp.resolve("home/data")).resolve("linked.csv"), outside);
    try (confined) {
      for (String input : List.of(
          secret.toUri().toString(), outside.toString(), temp.resolve("home/data").toUri() + "%2e%2e/jwt-secret",
          temp.resolve("home/data") + "/../jwt-secret", "data/../../jwt-secret", link.toUri().toString())) {
        StepSpec spec = new StepSpec("count", "builtin:count-rows", null, null, null, List.of("counts"), null, null, null,
            null, false, null, null);
        assertThatThrownBy(() -> confined.activities.execute(new StepRequest(
            "run-9", Stage.PREPARE, spec, Map.of("data", ArtifactRef.external(input)), Map.of(), Map.of())))
            .cause()
            .as(input)
            .isInstanceOfSatisfying(ApplicationFailure.class, nonRetryable(FailureTypes.INPUT_NOT_ALLOWED,
                "step 'count' input 'data': '" + input + "'"))
            .satisfies(f -> assertThat(((ApplicationFailure) f).getOriginalMessage()).doesNotContain("s3cr3t"));
      }
    }
    assertThat(countRows.runs).hasValue(0);
    assertThat(temp.resolve("home/artifacts")).doesNotExist();
  }

  @Test
  void invalidInputDataFailsAtOnceAndTheFailureQuotesNoneOfIt() throws Exception {
    Path notATable = Files.writeString(temp.resolve("key.csv"), "0123456789abcdef0123456789abcdef\n");
    BuiltinStep split = new io.trainyard.tabular.TabularSplitStep();
    StepSpec spec = new StepSpec("split", "builtin:" + split.name(), null, null, null, List.of("train", "holdout", "scaler"),
        null, null, null, null, false, null, null);
    try (StepHarness tabular = new StepHarness(temp.resolve("home"), List.of(split))) {
      assertThatThrownBy(() -> tabular.activities.execute(new StepRequest("run-9", Stage.PREPARE, spec,
          Map.of("data", ArtifactRef.external(notATable.toString())), Map.of(), Map.of("label", "diagnosis"))))
          .cause()
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            nonRetryable(FailureTypes.INVALID_DATA, "has no label column 'diagnosis' (its header has 1 column)").accept(f);
            assertThat(f.getOriginalMessage()).doesNotContain("0123456789abcdef");
          });
      assertThat(tabular.journal.lastFinished().error()).doesNotContain("0123456789abcdef");
    }
  }

  @Test
  void aBuiltinsOtherFailuresAreRetriedWithABoundedMessage() {
    ApplicationFailure failure = BuiltinExecutor.failure("s", "b", new IllegalStateException("x".repeat(5000)));
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(StepExecutor.STEP_FAILED);
    assertThat(failure.getOriginalMessage()).hasSizeLessThan(BuiltinExecutor.MESSAGE_LIMIT + 100);
  }

  @Test
  void aMetricThatIsNotANumberIsAnErrorNamingIt() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("metrics.json"), "{\"auc\": 0.9, \"accuracy\": \"high\"}");
    StepSpec spec = new StepSpec("m", "true", null, null, null, null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> StepActivitiesImpl.readMetrics(spec, out))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("'accuracy'").contains("expected a number"));
  }

  @Test
  void cancellingTheActivityInterruptsARunningBuiltin() {
    StepSpec spec = new StepSpec("nap", "builtin:sleep", null, null, null, null, null, null, null, null, false, null, null);
    CompletableFuture<StepResult> running =
        CompletableFuture.supplyAsync(
            () -> harness.activities.execute(new StepRequest("run-9", Stage.TRAIN, spec, null, null, null)));
    await().atMost(Duration.ofSeconds(30)).untilTrue(sleeper.started);

    harness.environment.requestCancelActivity();

    assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .rootCause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(harness.journal.lastFinished().state()).isEqualTo(StepState.CANCELLED);
  }

  @Test
  void aProcessIsPricedByItsRunningTimeAndAFailedAttemptCostsToo() {
    StepSpec spec = new StepSpec("train", "sleep 0.3; exit 1", null, null, null, null, null, null, null, null, false, null, null);

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-c", Stage.TRAIN, spec, null, null, null)));

    AttemptFinished failed = harness.journal.lastFinished();
    assertThat(failed.state()).isEqualTo(StepState.FAILED);
    assertThat(failed.cost().runningMillis()).isBetween(300L, 10_000L);
    assertThat(failed.cost().hourlyPrice()).isEqualTo(StepHarness.CPU_PRICE);
    assertThat(failed.cost().cost()).isEqualTo(HourlyPrice.of(StepHarness.CPU_PRICE, failed.cost().runningMillis()));
    assertThat(harness.journal.started).singleElement()
        .satisfies(started -> assertThat(started.hourlyPrice()).isEqualTo(StepHarness.CPU_PRICE));
  }

  @Test
  void whereAnAttemptsTimeWentAddsUpToItsTimeInTheActivityAndIsJournalled() {
    StepSpec spec = new StepSpec("train", "sleep 0.3; echo m > \"$TRAINYARD_OUTPUT_DIR/model\"", null, null, null,
        List.of("model"), null, null, null, null, false, null, null);
    long began = System.currentTimeMillis();

    StepResult result = harness.activities.execute(new StepRequest("run-t", Stage.TRAIN, spec, null, null, null));
    long took = System.currentTimeMillis() - began;

    StepTime time = result.time();
    assertThat(time.runningMillis()).as("the process slept 0.3 s").isBetween(300L, took);
    assertThat(time.startupMillis()).isNotNegative();
    assertThat(time.engineMillis()).as("inputs, outputs, records").isNotNegative();
    assertThat(time.queueMillis()).isNotNegative();
    assertThat(time.startupMillis() + time.runningMillis() + time.engineMillis()).isLessThanOrEqualTo(took);
    assertThat(harness.journal.lastFinished().time()).isEqualTo(time);
    assertThat(harness.journal.lastFinished().cost().runningMillis()).isEqualTo(time.runningMillis());
  }

  @Test
  void anAttemptWhoseCostWouldCrossTheRunsBudgetIsStoppedWithTheFigures() {
    // the run spent 0.0002 before; at 3.60 an hour, the step crosses a budget of 0.0005 after 300 ms
    harness.journal.finished(new AttemptFinished("run-b", "split", 1, StepState.SUCCEEDED, 0, null, null, null, false, 0,
        AttemptCost.priced(StepHarness.CPU_PRICE, Duration.ofMillis(200), Duration.ZERO), null, null));
    StepSpec spec = new StepSpec("train", "sleep 60", null, null, null, null, null, null, null, null, false, null, null);
    long began = System.nanoTime();

    assertThatThrownBy(() -> harness.activities.execute(budgeted("run-b", spec, "0.0005")))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.BUDGET_EXCEEDED);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).contains("of its budget 0.0005: step 'train' stopped");
          assertThat(new BigDecimal(failure.getDetails().get(0, String.class))).isEqualByComparingTo("0.0005");
          assertThat(new BigDecimal(failure.getDetails().get(1, String.class))).isGreaterThan(new BigDecimal("0.0005"));
        });

    assertThat(Duration.ofNanos(System.nanoTime() - began)).as("stopped, not run to its end").isLessThan(Duration.ofSeconds(30));
    AttemptFinished stopped = harness.journal.lastFinished();
    assertThat(stopped.state()).isEqualTo(StepState.FAILED);
    assertThat(stopped.error()).contains("budget");
    assertThat(stopped.cost().cost()).isGreaterThan(new BigDecimal("0.0003"));
    assertThat(harness.journal.spent("run-b")).isGreaterThan(new BigDecimal("0.0005"));

    // the run's spend is over its budget now: its next attempt does not start
    assertThatThrownBy(() -> harness.activities.execute(budgeted("run-b", spec, "0.0005")))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.BUDGET_EXCEEDED);
          assertThat(failure.getOriginalMessage()).contains("step 'train' not started");
        });
    assertThat(harness.journal.lastFinished().cost().runningMillis()).isZero();
  }

  private static StepRequest budgeted(String runId, StepSpec spec, String budget) {
    return new StepRequest(runId, Stage.TRAIN, spec, null, null, null, null, 1, new BigDecimal(budget), null, null);
  }

  @Test
  void theCheckpointSurvivesAttemptsWhileTheOutputDirectoryStartsEmpty() throws Exception {
    TrainyardHome home = TrainyardHome.at(temp.resolve("home"));
    AttemptPaths first = AttemptPaths.of(home, "run-1", "train", 1).prepare();
    Files.writeString(first.checkpointDir().resolve("epoch"), "7");
    Files.writeString(first.outputDir().resolve("model"), "half");

    AttemptPaths retried = AttemptPaths.of(home, "run-1", "train", 1).prepare();
    AttemptPaths second = AttemptPaths.of(home, "run-1", "train", 2).prepare();

    assertThat(retried.outputDir()).isEmptyDirectory();
    assertThat(second.checkpointDir()).isEqualTo(first.checkpointDir());
    assertThat(second.checkpointDir().resolve("epoch")).hasContent("7");
    assertThat(second.logFile()).isEqualTo(temp.resolve("home/logs/run-1/train/attempt-2.log"));
  }

  private StepRequest countRequest(Map<String, String> with, boolean cache) {
    Path data;
    try {
      data = Files.writeString(temp.resolve("rows.csv"), "a\nb\nc\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    StepSpec spec =
        new StepSpec("count", "builtin:count-rows", null, null, null, List.of("counts"), null, null, null, null, cache, null, null);
    return new StepRequest(
        "run-9", Stage.PREPARE, spec, Map.of("data", ArtifactRef.external(data.toString())), Map.of("seed", 7), with);
  }
}
