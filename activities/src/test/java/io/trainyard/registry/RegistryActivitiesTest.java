package io.trainyard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.model.Pageable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.cost.CostLedger;
import io.trainyard.cost.CostLine;
import io.trainyard.model.AliasEventRecord;
import io.trainyard.model.AliasEventRepository;
import io.trainyard.model.AliasMove;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.model.ModelRegistration;
import io.trainyard.model.ModelVersionRecord;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ModelVersionRepository;
import io.trainyard.model.ProductionModel;
import io.trainyard.model.ProductionRestore;
import io.trainyard.pipeline.PipelineVersionRepository;
import io.trainyard.run.AbandonedRuns;
import io.trainyard.run.RunFinished;
import io.trainyard.run.GateOpened;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunStarted;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.Stage;
import io.trainyard.run.StageChange;
import io.trainyard.run.StageTransitionRecord;
import io.trainyard.run.StageTransitionRepository;
import io.trainyard.run.StepState;
import io.trainyard.spec.BudgetSpec;
import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.AttemptCost;
import io.trainyard.step.AttemptFinished;
import io.trainyard.step.AttemptStarted;
import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepRuntime;
import io.trainyard.step.StepTime;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The registry activities, journal and abandonment over a real database; subclasses pick H2 or PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryActivitiesTest implements TestPropertyProvider {

  private static final BigDecimal PRICE = new BigDecimal("2.50");
  private static final AttemptCost NOT_RUN = AttemptCost.priced(PRICE, Duration.ZERO, Duration.ZERO);
  private static final long T0 = Instant.parse("2026-11-20T10:15:30.123Z").toEpochMilli();

  @Inject RegistryActivitiesImpl registry;
  @Inject JdbcAttemptJournal journal;
  @Inject AbandonedRuns abandonedRuns;
  @Inject PipelineVersionRepository pipelines;
  @Inject RunRepository runs;
  @Inject StageTransitionRepository transitions;
  @Inject StepAttemptRepository attempts;
  @Inject ModelVersionRepository versions;
  @Inject ModelAliasRepository aliases;
  @Inject AliasEventRepository aliasEvents;
  @Inject GateWaitRepository gateWaits;
  @Inject CostLedger ledger;

  @Test
  void runStartedRecordsRunAndPipelineVersionOnceUnderRetry() {
    String pipeline = unique("pipe");
    RunInput first = input(pipeline, "model-" + pipeline);
    RunInput second = input(pipeline, "model-" + pipeline);

    registry.runStarted(new RunStarted(first.workflowId(), first, T0));
    registry.runStarted(new RunStarted(first.workflowId(), first, T0));
    registry.runStarted(new RunStarted(second.workflowId(), second, T0 + 1000));

    assertThat(pipelines.findByNameOrderByCreatedAtDesc(pipeline))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.version()).isEqualTo(first.pipelineVersion());
          assertThat(p.specJson()).contains("\"name\":\"" + pipeline + "\"", "builtin:tribuo-train");
        });
    assertThat(runs.findByPipelineOrderByStartedAtDesc(pipeline, Pageable.from(0, 10)))
        .extracting(RunRecord::runId)
        .containsExactly(second.runId(), first.runId());
    assertThat(runs.findById(first.runId()))
        .get()
        .satisfies(r -> {
          assertThat(r.workflowId()).isEqualTo("run-" + pipeline + "-" + first.runId());
          assertThat(r.model()).isEqualTo("model-" + pipeline);
          assertThat(r.paramsJson()).contains("\"seed\":42");
          assertThat(r.startedBy()).isEqualTo("ada");
          assertThat(r.state()).isEqualTo("RUNNING");
          assertThat(r.stage()).isEqualTo("PREPARE");
          assertThat(r.startedAt()).isEqualTo(Instant.ofEpochMilli(T0));
          assertThat(r.triggerKind()).isEqualTo("api");
          assertThat(r.triggerJson()).isEqualTo("{\"kind\":\"api\"}");
        });
  }

  @Test
  void whatStartedARunIsRecordedWithItAndInTheLineageOfTheVersionItRegisters() {
    RunInput scheduled = input(unique("pipe"), unique("model"), RunTrigger.schedule("trainyard-x", Instant.parse("2026-12-07T03:00:00Z")));
    registry.runStarted(new RunStarted(scheduled.workflowId(), scheduled, T0));
    String trigger = "{\"kind\":\"schedule\",\"scheduleId\":\"trainyard-x\",\"scheduledAt\":\"2026-12-07T03:00:00Z\"}";

    registry.registerModel(registration(scheduled.spec().model().name(), scheduled.runId(), Map.of()));
    registry.registerModel(registration(scheduled.spec().model().name(), "run-not-recorded", Map.of()));

    assertThat(runs.findById(scheduled.runId())).get()
        .satisfies(r -> assertThat(List.of(r.triggerKind(), r.triggerJson())).containsExactly("schedule", trigger));
    assertThat(versions.findByModelAndVersion(scheduled.spec().model().name(), 1)).get()
        .satisfies(v -> assertThat(List.of(v.triggerKind(), v.triggerJson())).containsExactly("schedule", trigger));
    assertThat(versions.findByModelAndVersion(scheduled.spec().model().name(), 2)).get()
        .satisfies(v -> assertThat(v.triggerJson()).isNull());
  }

  @Test
  void aRunOfAnotherSpecNumbersItsPipelineVersionNextAndAKnownSpecKeepsItsNumber() {
    String pipeline = unique("pipe");
    RunInput first = input(pipeline, "model-" + pipeline);
    RunInput other = new RunInput(unique("run"), first.spec(), "sha256:other-" + pipeline, first.params(), "ada", "abc123", null, null);
    RunInput again = new RunInput(unique("run"), first.spec(), first.pipelineVersion(), first.params(), "ada", "abc123", null, null);

    registry.runStarted(new RunStarted(first.workflowId(), first, T0));
    registry.runStarted(new RunStarted(other.workflowId(), other, T0 + 1000));
    registry.runStarted(new RunStarted(again.workflowId(), again, T0 + 2000));

    assertThat(pipelines.findByNameOrderByNumberAsc(pipeline))
        .extracting(p -> p.number(), p -> p.version(), p -> p.createdBy(), p -> p.source())
        .containsExactly(
            tuple(1, first.pipelineVersion(), null, null),
            tuple(2, other.pipelineVersion(), null, null));
  }

  @Test
  void stageChangesAreRecordedOnceAndNeverReopenAnEndedRun() {
    RunInput run = startedRun();
    StageChange toGate = new StageChange(run.runId(), Stage.GATE, RunState.WAITING_APPROVAL, "needs 1 approval", T0 + 10);

    registry.stageChanged(new StageChange(run.runId(), Stage.TRAIN, RunState.RUNNING, null, T0 + 5));
    registry.stageChanged(toGate);
    registry.stageChanged(toGate);

    assertThat(transitions.findByRunIdOrderByIdAsc(run.runId()))
        .extracting(StageTransitionRecord::stage, StageTransitionRecord::state)
        .containsExactly(tuple("TRAIN", "RUNNING"), tuple("GATE", "WAITING_APPROVAL"));
    assertThat(runs.findById(run.runId()))
        .get()
        .extracting(RunRecord::state, RunRecord::stage, RunRecord::message)
        .containsExactly("WAITING_APPROVAL", "GATE", "needs 1 approval");

    registry.runFinished(new RunFinished(status(run, RunState.REJECTED, Stage.GATE, null, null, "rejected by bob"), T0 + 20));
    registry.stageChanged(new StageChange(run.runId(), Stage.ROLLOUT, RunState.RUNNING, "late", T0 + 30));
    assertThat(runs.findById(run.runId())).get().extracting(RunRecord::state).isEqualTo("REJECTED");
  }

  @Test
  void aGateStartingToWaitRecordsWhatItWaitsForOnceUnderRetry() {
    RunInput run = startedRun();
    StageChange toGate = new StageChange(run.runId(), Stage.GATE, RunState.WAITING_APPROVAL, "waiting", T0 + 10,
        new GateOpened(2, "approver", true, T0 + 3_600_010, Map.of("accuracy", 0.97)));

    registry.stageChanged(toGate);
    registry.stageChanged(toGate);

    assertThat(gateWaits.findById(run.runId())).get().satisfies(gate -> {
      assertThat(gate.required()).isEqualTo(2);
      assertThat(gate.role()).isEqualTo("approver");
      assertThat(gate.fourEyes()).isTrue();
      assertThat(gate.approvals()).isZero();
      assertThat(gate.approvedByJson()).isEqualTo("[]");
      assertThat(gate.metricsJson()).contains("\"accuracy\":0.97");
      assertThat(gate.startedBy()).isEqualTo(run.startedBy());
      assertThat(gate.waitingSince()).isEqualTo(Instant.ofEpochMilli(T0 + 10));
      assertThat(gate.deadline()).isEqualTo(Instant.ofEpochMilli(T0 + 3_600_010));
    });
    assertThat(gateWaits.waiting(Instant.EPOCH, "", 1000)).extracting(GateWaitRecord::runId).contains(run.runId());

    registry.stageChanged(new StageChange(run.runId(), Stage.ROLLOUT, RunState.RUNNING, null, T0 + 20));
    assertThat(gateWaits.findById(run.runId())).as("moved on from the gate").isEmpty();
  }

  @Test
  void aRunEndingAtItsGateLeavesNoGateWaitBehind() {
    RunInput run = startedRun();
    registry.stageChanged(new StageChange(run.runId(), Stage.GATE, RunState.WAITING_APPROVAL, "waiting", T0 + 10,
        new GateOpened(1, "approver", false, T0 + 60_000, Map.of())));

    registry.runFinished(new RunFinished(status(run, RunState.REJECTED, Stage.GATE, null, null, "rejected by bob"), T0 + 20));

    assertThat(gateWaits.findById(run.runId())).isEmpty();
  }

  @Test
  void stageChangeOfAnUnrecordedRunFailsSoTheActivityRetries() {
    assertThatThrownBy(() -> registry.stageChanged(new StageChange(unique("run"), Stage.TRAIN, RunState.RUNNING, null, T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not recorded");
  }

  @Test
  void registrationsTakeNextVersionsAndARetryReturnsTheSameVersion() {
    String model = unique("model");
    ModelVersionRef first = registry.registerModel(registration(model, "run-a", Map.of("auc", 0.91)));
    ModelVersionRef second = registry.registerModel(registration(model, "run-b", Map.of("auc", 0.93)));
    ModelVersionRef retried = registry.registerModel(registration(model, "run-a", Map.of("auc", 0.91)));

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(retried).isEqualTo(first);
    assertThat(first.artifact()).isEqualTo(new ArtifactRef("file:/store/run-a/model", "sha-run-a"));
    assertThat(versions.findByModelAndVersion(model, 2))
        .get()
        .satisfies(v -> {
          assertThat(v.runId()).isEqualTo("run-b");
          assertThat(v.dataDigestsJson()).contains("\"train\":\"sha-train\"");
          assertThat(v.paramsJson()).contains("\"epochs\":20");
          assertThat(v.codeVersion()).isEqualTo("abc123");
        });
  }

  @Test
  void aVersionKeepsWhatRanEachStepOfItsRun() throws Exception {
    String model = unique("model");
    String runId = unique("run");
    String image = "ghcr.io/example/trainyard:0.4.0";
    String digest = "ghcr.io/example/trainyard@sha256:" + "5e".repeat(32);
    // split: a builtin in the worker; train: failed on gpu, then succeeded in an image on cpu;
    // evaluate: answered by the step cache, naming what ran the attempt that produced its outputs
    journal.recorded(new AttemptStarted(runId, Stage.PREPARE, "split", 1, "cpu", "builtin", null, T0, PRICE),
        new AttemptFinished(runId, "split", 1, StepState.SUCCEEDED, null, null, null, null, false, T0 + 1, NOT_RUN, null,
            StepRuntime.builtin("tabular-split", "abc123")));
    journal.recorded(new AttemptStarted(runId, Stage.TRAIN, "train", 1, "gpu", "kubernetes", null, T0 + 2, PRICE),
        new AttemptFinished(runId, "train", 1, StepState.FAILED, 1, "exit 1", null, null, false, T0 + 3, NOT_RUN, null, null));
    journal.started(new AttemptStarted(runId, Stage.TRAIN, "train", 2, "cpu", "kubernetes", null, T0 + 4, PRICE));
    journal.finished(new AttemptFinished(runId, "train", 2, StepState.SUCCEEDED, 0, null, null, null, false, T0 + 5, NOT_RUN,
        null, new StepRuntime("tribuo-train", null, image, digest)));
    journal.recorded(new AttemptStarted(runId, Stage.EVALUATE, "evaluate", 1, "cpu", "builtin", null, T0 + 6, PRICE),
        new AttemptFinished(runId, "evaluate", 1, StepState.SUCCEEDED, null, null, null, null, true, T0 + 7, NOT_RUN, null,
            StepRuntime.builtin("tribuo-evaluate", "abc122")));

    registry.registerModel(registration(model, runId, Map.of()));

    assertThat(attempts.findByRunIdAndStepAndAttempt(runId, "train", 2)).get()
        .extracting(StepAttemptRecord::builtin, StepAttemptRecord::image, StepAttemptRecord::imageDigest)
        .containsExactly("tribuo-train", image, digest);
    JsonNode steps = new ObjectMapper().readTree(versions.findByModelAndRunId(model, runId).orElseThrow().stepsJson());
    assertThat(steps).extracting(s -> s.get("step").asText(), s -> s.get("attempt").asInt(), s -> s.get("hardware").asText(),
            s -> s.get("builtin").asText(), s -> s.get("builtinVersion").textValue(), s -> s.get("imageDigest").textValue(),
            s -> s.get("cached").asBoolean())
        .containsExactly(
            tuple("split", 1, "cpu", "tabular-split", "abc123", null, false),
            tuple("train", 2, "cpu", "tribuo-train", null, digest, false),
            tuple("evaluate", 1, "cpu", "tribuo-evaluate", "abc122", null, true));
    assertThat(steps.get(1).get("image").asText()).isEqualTo(image);
    assertThat(steps.get(1).get("executor").asText()).isEqualTo("kubernetes");
    assertThat(steps.get(1).get("stage").asText()).isEqualTo("TRAIN");
  }

  @Test
  void concurrentRegistrationsGetDistinctConsecutiveVersions() throws Exception {
    String model = unique("model");
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ModelVersionRef>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String runId = "run-" + i;
        Callable<ModelVersionRef> register = () -> {
          go.await();
          return registry.registerModel(registration(model, runId, Map.of("auc", 0.9)));
        };
        results.add(pool.submit(register));
      }
      go.countDown();
      List<Integer> numbers = new ArrayList<>();
      for (Future<ModelVersionRef> result : results) {
        numbers.add(result.get().version());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
      for (int i = 0; i < threads; i++) {
        assertThat(registry.registerModel(registration(model, "run-" + i, Map.of())).version())
            .isEqualTo(numbers.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void movingProductionMovesPreviousAndKeepsHistory() {
    String model = unique("model");
    for (String runId : List.of("run-1", "run-2", "run-3")) {
      registry.registerModel(registration(model, runId, Map.of()));
    }

    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 1, "run-1", "first release"));
    assertThat(aliases.findByModelAndAlias(model, Aliases.PREVIOUS)).isEmpty();

    AliasMove promote = new AliasMove(model, Aliases.PRODUCTION, 2, "run-2", "canary passed");
    registry.moveAlias(promote);
    registry.moveAlias(promote);
    registry.moveAlias(new AliasMove(model, Aliases.CANARY, 3, "run-3", "canary"));
    registry.moveAlias(new AliasMove(model, Aliases.CANARY, 0, "run-3", "canary rolled back"));

    assertThat(aliases.findByModelOrderByAliasAsc(model))
        .extracting(ModelAliasRecord::alias, ModelAliasRecord::version)
        .containsExactly(tuple(Aliases.PREVIOUS, 1), tuple(Aliases.PRODUCTION, 2));
    assertThat(aliasEvents.findByModelOrderByIdAsc(model))
        .extracting(AliasEventRecord::alias, AliasEventRecord::fromVersion, AliasEventRecord::toVersion, AliasEventRecord::reason)
        .containsExactly(
            tuple(Aliases.PRODUCTION, null, 1, "first release"),
            tuple(Aliases.PRODUCTION, 1, 2, "canary passed"),
            tuple(Aliases.PREVIOUS, null, 1, "canary passed"),
            tuple(Aliases.CANARY, null, 3, "canary"),
            tuple(Aliases.CANARY, 3, null, "canary rolled back"));
  }

  @Test
  void restoringProductionSwapsItWithPreviousOnceAndRecordsTheActor() {
    String model = unique("model");
    for (String runId : List.of("run-1", "run-2")) {
      registry.registerModel(registration(model, runId, Map.of()));
    }
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 1, "run-1", "first release"));
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 2, "run-2", "second release"));
    ProductionRestore restore = new ProductionRestore(model, 2, 1, "restore-1", "olivia", "v2 misbehaves");

    ModelVersionRef restored = registry.restoreProduction(restore);
    ModelVersionRef retried = registry.restoreProduction(restore);

    assertThat(restored.version()).isEqualTo(1);
    assertThat(retried).isEqualTo(restored);
    assertThat(registry.production(model).version()).isEqualTo(restored);
    assertThat(aliases.findByModelOrderByAliasAsc(model))
        .extracting(ModelAliasRecord::alias, ModelAliasRecord::version)
        .containsExactly(tuple(Aliases.PREVIOUS, 2), tuple(Aliases.PRODUCTION, 1));
    assertThat(aliasEvents.findByModelOrderByIdAsc(model))
        .filteredOn(e -> "restore-1".equals(e.runId()))
        .extracting(AliasEventRecord::alias, AliasEventRecord::fromVersion, AliasEventRecord::toVersion,
            AliasEventRecord::actor, AliasEventRecord::reason)
        .containsExactly(
            tuple(Aliases.PRODUCTION, 2, 1, "olivia", "v2 misbehaves"),
            tuple(Aliases.PREVIOUS, 1, 2, "olivia", "v2 misbehaves"));
  }

  @Test
  void restoringProductionIsRefusedWhenTheAliasesMovedMeanwhile() {
    String model = unique("model");
    for (String runId : List.of("run-1", "run-2", "run-3")) {
      registry.registerModel(registration(model, runId, Map.of()));
    }
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 1, "run-1", "first release"));
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 2, "run-2", "second release"));
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 3, "run-3", "third release"));

    assertThatThrownBy(() -> registry.restoreProduction(new ProductionRestore(model, 2, 1, "restore-1", "olivia", "late")))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("the aliases moved")
        .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
    assertThat(registry.production(model).version().version()).isEqualTo(3);
  }

  @Test
  void movingAnAliasToAnUnknownVersionIsRefused() {
    String model = unique("model");
    registry.registerModel(registration(model, "run-1", Map.of()));

    assertThatThrownBy(() -> registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 7, "run-1", "typo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("moveAlias.version")
        .hasMessageContaining("no version 7");
    assertThat(aliasEvents.findByModelOrderByIdAsc(model)).isEmpty();
  }

  @Test
  void productionIsTheVersionAtTheAliasWithItsMetrics() {
    String model = unique("model");
    assertThat(registry.production(model)).isEqualTo(ProductionModel.NONE);

    registry.registerModel(registration(model, "run-1", Map.of("auc", 0.91, "accuracy", 0.88)));
    ModelVersionRef second = registry.registerModel(registration(model, "run-2", Map.of("auc", 0.95)));
    registry.moveAlias(new AliasMove(model, Aliases.PRODUCTION, 2, "run-2", "promoted"));

    ProductionModel production = registry.production(model);
    assertThat(production.version()).isEqualTo(second);
    assertThat(production.metrics()).containsExactly(Map.entry("auc", 0.95));
  }

  @Test
  void runFinishedStoresTheFinalStatus() {
    RunInput run = startedRun();
    ModelVersionRef version = new ModelVersionRef(run.spec().model().name(), 4, new ArtifactRef("file:/m", "ab"));
    RunFinished finished = new RunFinished(
        status(run, RunState.SUCCEEDED, Stage.DONE, version, Map.of("auc", 0.97), "live at production"), T0 + 60_000);

    registry.runFinished(finished);
    registry.runFinished(finished);

    assertThat(runs.findById(run.runId()))
        .get()
        .satisfies(r -> {
          assertThat(r.state()).isEqualTo("SUCCEEDED");
          assertThat(r.stage()).isEqualTo("DONE");
          assertThat(r.message()).isEqualTo("live at production");
          assertThat(JsonColumns.metrics(r.metricsJson())).containsExactly(Map.entry("auc", 0.97));
          assertThat(r.modelVersion()).isEqualTo(4);
          assertThat(r.alias()).isEqualTo("production");
          assertThat(r.finishedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        });
  }

  @Test
  void journalKeepsOneRowPerAttempt() {
    String runId = unique("run");
    AttemptStarted started = new AttemptStarted(runId, Stage.TRAIN, "train", 1, "cpu", "local", "file:/logs/1", T0, PRICE);
    journal.started(started);
    journal.started(new AttemptStarted(runId, Stage.TRAIN, "train", 1, "cpu", "local", "file:/logs/1b", T0 + 5, PRICE));
    journal.finished(new AttemptFinished(
        runId, "train", 1, StepState.FAILED, 137, "killed", Map.of(), Map.of(), false, T0 + 10, NOT_RUN, null, null));
    journal.started(new AttemptStarted(runId, Stage.TRAIN, "train", 2, "cpu", "local", "file:/logs/2", T0 + 20, PRICE));
    journal.finished(new AttemptFinished(
        runId, "train", 2, StepState.SUCCEEDED, 0, null, Map.of("loss", 0.12),
        Map.of("model", new ArtifactRef("file:/store/model", "abc")), false, T0 + 30, NOT_RUN, new StepTime(4, 2, 0, 3), null));

    List<StepAttemptRecord> rows = attempts.findByRunIdOrderByIdAsc(runId);
    assertThat(rows)
        .extracting(StepAttemptRecord::attempt, StepAttemptRecord::state, StepAttemptRecord::exitCode, StepAttemptRecord::logUri)
        .containsExactly(tuple(1, "FAILED", 137, "file:/logs/1b"), tuple(2, "SUCCEEDED", 0, "file:/logs/2"));
    assertThat(rows.get(1))
        .satisfies(a -> {
          assertThat(a.stage()).isEqualTo("TRAIN");
          assertThat(a.executor()).isEqualTo("local");
          assertThat(JsonColumns.metrics(a.metricsJson())).containsExactly(Map.entry("loss", 0.12));
          assertThat(a.outputsJson()).contains("file:/store/model");
          assertThat(a.startedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 20));
          assertThat(a.finishedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 30));
          assertThat(List.of(a.queueMillis(), a.startupMillis(), a.engineMillis())).containsExactly(4L, 2L, 3L);
        });
    assertThatThrownBy(() -> journal.finished(new AttemptFinished(
            runId, "evaluate", 1, StepState.SUCCEEDED, 0, null, null, null, false, T0, NOT_RUN, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("step 'evaluate'");
  }

  @Test
  void aShortAttemptIsRecordedInOneRowAndARecordAfterItsStartCompletesThatRow() {
    String runId = unique("run");
    journal.recorded(
        new AttemptStarted(runId, Stage.PREPARE, "split", 1, "cpu", "builtin", "file:/logs/s1", T0, PRICE),
        new AttemptFinished(runId, "split", 1, StepState.SUCCEEDED, null, null, Map.of("rows", 569.0),
            Map.of("train", new ArtifactRef("file:/store/train", "def")), false, T0 + 3, NOT_RUN, null, null));
    AttemptStarted longOne = new AttemptStarted(runId, Stage.TRAIN, "train", 1, "gpu", "local", "file:/logs/t1", T0 + 5, PRICE);
    journal.started(longOne);
    journal.recorded(longOne, new AttemptFinished(
        runId, "train", 1, StepState.FAILED, 3, "exit 3", Map.of(), Map.of(), false, T0 + 9, NOT_RUN, null, null));

    assertThat(attempts.findByRunIdOrderByIdAsc(runId))
        .extracting(StepAttemptRecord::step, StepAttemptRecord::state, StepAttemptRecord::hardware,
            StepAttemptRecord::exitCode, StepAttemptRecord::startedAt, StepAttemptRecord::finishedAt)
        .containsExactly(
            tuple("split", "SUCCEEDED", "cpu", null, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 3)),
            tuple("train", "FAILED", "gpu", 3, Instant.ofEpochMilli(T0 + 5), Instant.ofEpochMilli(T0 + 9)));
    StepAttemptRecord split = attempts.findByRunIdAndStepAndAttempt(runId, "split", 1).orElseThrow();
    assertThat(JsonColumns.metrics(split.metricsJson())).containsExactly(Map.entry("rows", 569.0));
    assertThat(split.outputsJson()).contains("file:/store/train");
    assertThat(split.logUri()).isEqualTo("file:/logs/s1");
  }

  @Test
  void theLedgerPricesEveryAttemptAndARunCostsTheSumOfItsAttempts() {
    RunInput base = input(unique("pipe"), unique("model"));
    PipelineSpec teamed = new PipelineSpec(base.spec().apiVersion(), base.spec().kind(),
        new PipelineMetadata(base.spec().name(), "test", Map.of("team", "fraud")), base.spec().model(), Map.of(),
        List.of(), base.spec().train(), List.of(), null, null, null, null, new BudgetSpec(new BigDecimal("5"), null));
    RunInput run = new RunInput(base.runId(), teamed, base.pipelineVersion(), base.params(), base.startedBy(),
        base.codeVersion(), base.trigger(), new BigDecimal("4.50"));
    registry.runStarted(new RunStarted(run.workflowId(), run, T0));
    String runId = run.runId();
    // a failed attempt (90 s), one preempted for 60 s of its 3 min, and a cached answer that saved 0.125
    AttemptStarted failed = new AttemptStarted(runId, Stage.TRAIN, "train", 1, "gpu", "kubernetes", null, T0, PRICE);
    journal.started(failed);
    journal.finished(new AttemptFinished(runId, "train", 1, StepState.FAILED, 1, "exit 1", null, null, false, T0 + 90_000,
        AttemptCost.priced(PRICE, Duration.ofSeconds(90), Duration.ZERO), null, null));
    journal.recorded(
        new AttemptStarted(runId, Stage.TRAIN, "train", 2, "gpu", "kubernetes", null, T0 + 100_000, PRICE),
        new AttemptFinished(runId, "train", 2, StepState.SUCCEEDED, 0, null, null, null, false, T0 + 300_000,
            AttemptCost.priced(PRICE, Duration.ofMinutes(3), Duration.ofMinutes(1)), null, null));
    journal.recorded(
        new AttemptStarted(runId, Stage.EVALUATE, "evaluate", 1, "cpu", "local", null, T0 + 310_000, PRICE),
        new AttemptFinished(runId, "evaluate", 1, StepState.SUCCEEDED, null, null, null, null, true, T0 + 310_001,
            AttemptCost.cached(PRICE, new BigDecimal("0.125")), null, null));

    List<StepAttemptRecord> rows = attempts.findByRunIdOrderByIdAsc(runId);
    assertThat(rows)
        .extracting(StepAttemptRecord::state, StepAttemptRecord::runningMillis, StepAttemptRecord::preemptedMillis,
            r -> r.cost().stripTrailingZeros(), r -> r.saved() == null ? null : r.saved().stripTrailingZeros())
        .containsExactly(
            tuple("FAILED", 90_000L, 0L, new BigDecimal("0.0625"), null),
            tuple("SUCCEEDED", 180_000L, 60_000L, new BigDecimal("0.125"), null),
            tuple("SUCCEEDED", 0L, 0L, BigDecimal.ZERO, new BigDecimal("0.125")));
    assertThat(rows).allSatisfy(r -> assertThat(r.hourlyPrice()).isEqualByComparingTo(PRICE));
    // running time x price, summed over every attempt, the failed and the preempted included
    BigDecimal sum = rows.stream()
        .map(r -> PRICE.multiply(BigDecimal.valueOf(r.runningMillis())).divide(BigDecimal.valueOf(3_600_000)))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(ledger.spentByRun(runId)).isEqualByComparingTo(sum).isEqualByComparingTo("0.1875");
    assertThat(journal.spent(runId)).isEqualByComparingTo("0.1875");
    assertThat(ledger.spentByModel(teamed.model().name(), Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 200_000)))
        .as("attempts started in the window only").isEqualByComparingTo("0.1875");
    assertThat(ledger.spentByModel(teamed.model().name(), Instant.ofEpochMilli(T0 + 1), Instant.ofEpochMilli(T0 + 200_000)))
        .isEqualByComparingTo("0.125");
    assertThat(ledger.between(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 400_000), null, null, "fraud"))
        .extracting(CostLine::runId, CostLine::team, CostLine::stage)
        .containsExactly(tuple(runId, "fraud", "TRAIN"), tuple(runId, "fraud", "TRAIN"), tuple(runId, "fraud", "EVALUATE"));
    assertThat(runs.findById(runId)).get().satisfies(r -> {
      assertThat(r.team()).isEqualTo("fraud");
      assertThat(r.budget()).isEqualByComparingTo("4.50");
    });
  }

  @Test
  void runsInFlightWhenTheServersDatabaseWasLostAreAbandonedWithTheReason() {
    RunInput lost = startedRun();
    RunInput waiting = startedRun();
    RunInput done = startedRun();
    journal.started(new AttemptStarted(lost.runId(), Stage.PREPARE, "split", 1, "cpu", "local", null, T0, PRICE));
    journal.finished(new AttemptFinished(lost.runId(), "split", 1, StepState.FAILED, 1, "exit 1", null, null, false, T0, NOT_RUN, null, null));
    journal.started(new AttemptStarted(lost.runId(), Stage.PREPARE, "split", 2, "cpu", "local", null, T0, PRICE));
    registry.stageChanged(new StageChange(waiting.runId(), Stage.GATE, RunState.WAITING_APPROVAL, null, T0 + 1));
    registry.runFinished(new RunFinished(status(done, RunState.FAILED, Stage.TRAIN, null, null, "boom"), T0 + 2));
    Instant before = Instant.now().minusSeconds(1);

    int marked = abandonedRuns.abandonInFlight(AbandonedRuns.LOST_WORKFLOW);

    assertThat(marked).isGreaterThanOrEqualTo(2);
    assertThat(runs.findById(lost.runId())).get()
        .satisfies(r -> {
          assertThat(r.state()).isEqualTo("ABANDONED");
          assertThat(r.stage()).isEqualTo("PREPARE");
          assertThat(r.message()).isEqualTo(AbandonedRuns.LOST_WORKFLOW);
          assertThat(r.finishedAt()).isAfter(before);
        });
    assertThat(runs.findById(waiting.runId())).get().extracting(RunRecord::state, RunRecord::stage)
        .containsExactly("ABANDONED", "GATE");
    assertThat(runs.findById(done.runId())).get().extracting(RunRecord::state).isEqualTo("FAILED");
    assertThat(transitions.findByRunIdOrderByIdAsc(lost.runId()))
        .extracting(StageTransitionRecord::state).containsExactly("ABANDONED");
    assertThat(attempts.findByRunIdOrderByIdAsc(lost.runId()))
        .extracting(StepAttemptRecord::attempt, StepAttemptRecord::state, StepAttemptRecord::error)
        .containsExactly(tuple(1, "FAILED", "exit 1"), tuple(2, "CANCELLED", AbandonedRuns.LOST_WORKFLOW));
    assertThatThrownBy(() -> abandonedRuns.abandonInFlight(" ")).hasMessageContaining("reason is required");
  }

  @Test
  void worksAsATemporalActivity() {
    TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
    try {
      temporal.registerActivitiesImplementations(registry);
      RegistryActivities stub = temporal.newActivityStub(
          RegistryActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      String model = unique("model");

      ModelVersionRef version = stub.registerModel(registration(model, "run-1", Map.of("auc", 0.9)));
      stub.moveAlias(new AliasMove(model, Aliases.PRODUCTION, version.version(), "run-1", "promoted"));

      assertThat(stub.production(model).version()).isEqualTo(version);
      assertThat(stub.production(model).metrics()).containsEntry("auc", 0.9);
    } finally {
      temporal.close();
    }
  }

  private RunInput startedRun() {
    RunInput run = input(unique("pipe"), unique("model"));
    registry.runStarted(new RunStarted(run.workflowId(), run, T0));
    return run;
  }

  private static RunInput input(String pipeline, String model) {
    return input(pipeline, model, RunTrigger.api());
  }

  private static RunInput input(String pipeline, String model, RunTrigger trigger) {
    StepSpec train = new StepSpec(
        "train", "builtin:tribuo-train", null, null, Map.of(), List.of("model"), null, null, null, null, null, null, null);
    PipelineSpec spec = new PipelineSpec(
        PipelineSpec.API_VERSION, PipelineSpec.KIND, new PipelineMetadata(pipeline, "test", Map.of()),
        new ModelSpec(model, "${steps.train.outputs.model}"), Map.of(), List.of(), List.of(train), List.of(), null, null, null, null, null);
    return new RunInput(unique("run"), spec, "sha256:" + pipeline, Map.of("seed", 42), "ada", "abc123", trigger, null);
  }

  private static RunStatus status(
      RunInput run, RunState state, Stage stage, ModelVersionRef model, Map<String, Double> metrics, String message) {
    return new RunStatus(
        run.runId(), run.spec().name(), run.pipelineVersion(), run.startedBy(), T0, T0 + 60_000, stage, state,
        null, null, metrics, null, null, null, model, model == null ? null : Aliases.PRODUCTION, message);
  }

  private static ModelRegistration registration(String model, String runId, Map<String, Double> metrics) {
    return new ModelRegistration(
        runId, model, new ArtifactRef("file:/store/" + runId + "/model", "sha-" + runId), "pipe", "sha256:aa",
        Map.of("train", "sha-train"), Map.of("epochs", 20), metrics, "abc123");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
