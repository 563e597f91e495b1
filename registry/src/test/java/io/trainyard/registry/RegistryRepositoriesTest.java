package io.trainyard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micronaut.data.exceptions.DataAccessException;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.trainyard.dataset.DatasetVersionKey;
import io.trainyard.dataset.DatasetVersionRecord;
import io.trainyard.dataset.DatasetVersionRepository;
import io.trainyard.dataset.DatasetVersions;
import io.trainyard.model.AliasEventRecord;
import io.trainyard.model.AliasEventRepository;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.model.ModelVersionRecord;
import io.trainyard.model.ModelVersionRepository;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.pipeline.PipelineVersionRepository;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRecord;
import io.trainyard.run.RunRequestRepository;
import io.trainyard.run.StageTransitionRecord;
import io.trainyard.run.StageTransitionRepository;
import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The repositories over the Flyway schema; subclasses run them on H2 and on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryRepositoriesTest implements TestPropertyProvider {

  private static final Instant T0 = Instant.parse("2026-11-20T10:15:30.123Z");

  @Inject PipelineVersionRepository pipelines;
  @Inject RunRepository runs;
  @Inject RunRequestRepository requests;
  @Inject StageTransitionRepository transitions;
  @Inject StepAttemptRepository attempts;
  @Inject ModelVersionRepository versions;
  @Inject ModelAliasRepository aliases;
  @Inject AliasEventRepository aliasEvents;
  @Inject AuditEventRepository audit;
  @Inject GateWaitRepository gates;
  @Inject DatasetVersionRepository datasets;
  @Inject DatasetVersions datasetVersions;

  @Test
  void auditPagesNewestFirstWithOptionalFilters() {
    String actor = unique("alice");
    String other = unique("bob");
    AuditEventRecord first = audit.save(auditEvent(actor, "run.start", "run/r1", T0));
    AuditEventRecord second = audit.save(auditEvent(other, "run.approve", "run/r1", T0.plusSeconds(1)));
    AuditEventRecord third = audit.save(auditEvent(actor, "run.cancel", "run/r2", T0.plusSeconds(2)));
    Instant from = T0.minusSeconds(1);
    Instant to = T0.plusSeconds(10);

    assertThat(audit.page(Long.MAX_VALUE, actor, null, null, from, to, 10))
        .extracting(AuditEventRecord::id).containsExactly(third.id(), first.id());
    assertThat(audit.page(Long.MAX_VALUE, null, null, "run/r1", from, to, 10))
        .extracting(AuditEventRecord::id).containsExactly(second.id(), first.id());
    assertThat(audit.page(third.id(), null, "run.approve", null, from, to, 10))
        .extracting(AuditEventRecord::actor).containsExactly(other);
    assertThat(audit.page(Long.MAX_VALUE, actor, null, null, from, to, 1))
        .extracting(AuditEventRecord::id).containsExactly(third.id());
    assertThat(audit.page(Long.MAX_VALUE, actor, null, null, T0.plusSeconds(1), to, 10))
        .extracting(AuditEventRecord::id).containsExactly(third.id());
  }

  private static AuditEventRecord auditEvent(String actor, String action, String target, Instant at) {
    return new AuditEventRecord(null, actor, "operator", action, target, "{}", "ok", UUID.randomUUID().toString(), at);
  }

  @Test
  void datasetVersionsAreNumberedPerDatasetAndADigestIsOneVersionOfIt() {
    String name = unique("ds");
    NextNumber.Stored<DatasetVersionRecord> first = datasetVersions.store(dataset(name, 'a', "file:///data/a.csv"));
    NextNumber.Stored<DatasetVersionRecord> second = datasetVersions.store(dataset(name, 'b', "s3://bucket/b.csv"));
    NextNumber.Stored<DatasetVersionRecord> again = datasetVersions.store(dataset(name, 'a', "gs://elsewhere/a.csv"));
    NextNumber.Stored<DatasetVersionRecord> other = datasetVersions.store(dataset(unique("ds"), 'a', "file:///data/a.csv"));

    assertThat(List.of(first.created(), second.created(), again.created(), other.created())).containsExactly(true, true, false, true);
    assertThat(List.of(first.version().id().version(), second.version().id().version(), again.version().id().version(),
        other.version().id().version())).containsExactly(1, 2, 1, 1);
    assertThat(again.version().uri()).as("the first push's").isEqualTo("file:///data/a.csv");
    assertThat(datasets.findById(new DatasetVersionKey(name, 2))).get().satisfies(v -> {
      assertThat(v.sha256()).isEqualTo(digest('b'));
      assertThat(v.uri()).isEqualTo("s3://bucket/b.csv");
      assertThat(v.metadataJson()).isEqualTo("{\"rows\":569}");
      assertThat(v.createdBy()).isEqualTo("olivia");
      assertThat(v.createdAt()).isEqualTo(second.version().createdAt()).isAfterOrEqualTo(first.version().createdAt());
    });
    assertThat(datasets.findByNameAndSha256(name, digest('b'))).get().extracting(v -> v.id().version()).isEqualTo(2);
    assertThat(datasets.findByNameAndSha256(name, digest('c'))).isEmpty();
    assertThat(datasets.findMaxVersionByName(name)).contains(2);
    assertThat(datasets.findMaxVersionByName(unique("ds"))).isEmpty();
    DatasetVersionRecord sameDigestAsThree = new DatasetVersionRecord(
        new DatasetVersionKey(name, 3), "file:///x", digest('a'), "{}", "olivia", T0);
    assertThatThrownBy(() -> datasets.save(sameDigestAsThree)).isInstanceOf(DataAccessException.class)
        .satisfies(e -> assertThat(UniqueViolation.causedBy(e)).isTrue());
  }

  @Test
  void pushesAtOnceGetConsecutiveVersionsAndPushesOfOneDigestOneVersion() throws Exception {
    String name = unique("raced");
    int pushes = 8;
    List<NextNumber.Stored<DatasetVersionRecord>> distinct = atOnce(pushes, i -> dataset(name, (char) ('0' + i), "file:///d/" + i));
    List<NextNumber.Stored<DatasetVersionRecord>> same = atOnce(pushes, i -> dataset(name, 'f', "file:///d/same"));

    assertThat(distinct).allMatch(NextNumber.Stored::created)
        .extracting(s -> s.version().id().version()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, pushes).boxed().toList());
    assertThat(same).filteredOn(NextNumber.Stored::created).hasSize(1);
    assertThat(same).extracting(s -> s.version().id().version()).containsOnly(pushes + 1);
  }

  private List<NextNumber.Stored<DatasetVersionRecord>> atOnce(int pushes, IntFunction<DatasetVersionRecord> version)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(pushes);
    try {
      List<Future<NextNumber.Stored<DatasetVersionRecord>>> stored = new ArrayList<>();
      for (int i = 0; i < pushes; i++) {
        DatasetVersionRecord record = version.apply(i);
        stored.add(threads.submit(() -> {
          go.await();
          return datasetVersions.store(record);
        }));
      }
      go.countDown();
      List<NextNumber.Stored<DatasetVersionRecord>> done = new ArrayList<>();
      for (Future<NextNumber.Stored<DatasetVersionRecord>> one : stored) {
        done.add(one.get());
      }
      return done;
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void datasetVersionsPageNewestFirstAndTheLatestOfEachDatasetIsListedByName() {
    String name = unique("paged");
    String later = "z" + name;
    for (char c = 'a'; c <= 'e'; c++) {
      datasets.save(new DatasetVersionRecord(new DatasetVersionKey(name, c - 'a' + 1), "file:///p/" + c, digest(c), "{}", "ada",
          // versions 3 and 4 were pushed in the same microsecond: the number orders them
          T0.plusSeconds(c == 'd' ? 2 : c - 'a')));
    }
    datasets.save(new DatasetVersionRecord(new DatasetVersionKey(later, 1), "file:///q", digest('a'), "{}", "ada", T0));

    List<DatasetVersionRecord> page1 = datasets.page(name, Instant.parse("9999-12-31T00:00:00Z"), Integer.MAX_VALUE, 2);
    DatasetVersionRecord last = page1.get(1);
    List<DatasetVersionRecord> page2 = datasets.page(name, last.createdAt(), last.id().version(), 2);
    DatasetVersionRecord last2 = page2.get(1);
    assertThat(page1).extracting(v -> v.id().version()).containsExactly(5, 4);
    assertThat(page2).extracting(v -> v.id().version()).containsExactly(3, 2);
    assertThat(datasets.page(name, last2.createdAt(), last2.id().version(), 2)).extracting(v -> v.id().version()).containsExactly(1);
    assertThat(datasets.findLatestOfEach()).extracting(v -> v.id().name(), v -> v.id().version())
        .containsSubsequence(tuple(name, 5), tuple(later, 1))
        .as("one row per dataset").doesNotHaveDuplicates();
  }

  private static DatasetVersionRecord dataset(String name, char fill, String uri) {
    return DatasetVersionRecord.of(name, uri, digest(fill), "{\"rows\":569}", "olivia");
  }

  private static String digest(char fill) {
    return "sha256:" + String.valueOf(fill).repeat(64);
  }

  @Test
  void pipelineVersionIsUniquePerNameAndDigest() {
    String name = unique("pipe");
    pipelines.save(PipelineVersionRecord.of(name, "sha256:aa", 1, "{\"kind\":\"Pipeline\"}", T0));

    assertThat(pipelines.findByNameAndVersion(name, "sha256:aa"))
        .get()
        .satisfies(p -> {
          assertThat(p.id()).isNotNull();
          assertThat(p.specJson()).isEqualTo("{\"kind\":\"Pipeline\"}");
          assertThat(p.createdAt()).isEqualTo(T0);
        });
    assertThatThrownBy(() -> pipelines.save(PipelineVersionRecord.of(name, "sha256:aa", 2, "{}", T0)))
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void runsListNewestFirstAndFindByState() {
    String pipeline = unique("pipe");
    RunRecord older = run(pipeline, "RUNNING", T0);
    RunRecord newer = run(pipeline, "WAITING_APPROVAL", T0.plusSeconds(60));
    RunRecord done = run(pipeline, "SUCCEEDED", T0.plusSeconds(120));
    runs.saveAll(List.of(older, newer, done));

    assertThat(runs.findByPipelineOrderByStartedAtDesc(pipeline, Pageable.from(0, 2)))
        .extracting(RunRecord::runId)
        .containsExactly(done.runId(), newer.runId());
    assertThat(runs.newest(1)).hasSize(1);
    assertThat(runs.findByStateIn(List.of("RUNNING", "WAITING_APPROVAL")))
        .extracting(RunRecord::runId)
        .contains(older.runId(), newer.runId())
        .doesNotContain(done.runId());
  }

  @Test
  void whatStartedARunIsKeptOnItsClaimItsRowAndItsModelVersionAndRowsWithoutOneListAsApi() {
    String pipeline = unique("pipe");
    String trigger = "{\"kind\":\"schedule\",\"scheduleId\":\"trainyard-x\",\"scheduledAt\":\"2026-12-07T03:00:00Z\"}";
    RunRecord scheduled = run(pipeline, "RUNNING", T0, "schedule", trigger);
    RunRecord before = run(pipeline, "SUCCEEDED", T0.plusSeconds(60));
    RunRecord fromCli = run(pipeline, "RUNNING", T0.plusSeconds(120), "cli", "{\"kind\":\"cli\"}");
    runs.saveAll(List.of(scheduled, before, fromCli));
    requests.save(new RunRequestRecord(scheduled.runId(), scheduled.workflowId(), "ada", unique("key"), "ff", pipeline,
        "sha256:aa", "m", "{}", "abc123", T0, "schedule", trigger, null, null));
    String model = unique("model");
    versions.save(version(model, 1, scheduled.runId(), "schedule", trigger));

    assertThat(runs.findById(scheduled.runId())).get()
        .satisfies(r -> assertThat(List.of(r.triggerKind(), r.triggerJson())).containsExactly("schedule", trigger));
    assertThat(requests.findById(scheduled.runId())).get()
        .satisfies(r -> assertThat(List.of(r.triggerKind(), r.triggerJson())).containsExactly("schedule", trigger));
    assertThat(versions.findByModelAndVersion(model, 1)).get()
        .satisfies(v -> assertThat(List.of(v.triggerKind(), v.triggerJson())).containsExactly("schedule", trigger));
    assertThat(runs.findById(before.runId())).get().satisfies(r -> assertThat(r.triggerJson()).isNull());
    assertThat(page(pipeline, "schedule")).containsExactly(scheduled.runId());
    assertThat(page(pipeline, "api")).containsExactly(before.runId());
    assertThat(page(pipeline, null)).containsExactly(fromCli.runId(), before.runId(), scheduled.runId());
  }

  private List<String> page(String pipeline, String trigger) {
    return runs.page(pipeline, null, null, null, null, trigger, Instant.EPOCH, T0.plusSeconds(3600),
        Instant.parse("9999-12-31T00:00:00Z"), "", 10).stream().map(RunRecord::runId).toList();
  }

  @Test
  void runsWaitingAtTheirGatePageLongestWaitingFirstAndApprovalsOnlyMoveForward() {
    String pipeline = unique("gated");
    Instant since = Instant.parse("1990-01-01T00:00:00Z");
    RunRecord first = run(pipeline, "WAITING_APPROVAL", since);
    RunRecord second = run(pipeline, "WAITING_APPROVAL", since);
    RunRecord third = run(pipeline, "WAITING_APPROVAL", since.plusSeconds(1));
    // a row left behind by a run that moved on (abandoned meanwhile): the run's state has the last word
    RunRecord movedOn = run(pipeline, "RUNNING", since);
    runs.saveAll(List.of(first, second, third, movedOn));
    for (RunRecord run : List.of(first, second, third, movedOn)) {
      gates.save(gate(run, run == third ? since.plusSeconds(1) : since));
    }
    String lowId = first.runId().compareTo(second.runId()) < 0 ? first.runId() : second.runId();
    String highId = lowId.equals(first.runId()) ? second.runId() : first.runId();

    List<GateWaitRecord> page1 = gates.waiting(Instant.EPOCH, "", 2);
    assertThat(page1).extracting(GateWaitRecord::runId).containsExactly(lowId, highId);
    GateWaitRecord last = page1.get(1);
    assertThat(gates.waiting(last.waitingSince(), last.runId(), 10)).extracting(GateWaitRecord::runId)
        .startsWith(third.runId()).doesNotContain(movedOn.runId(), lowId, highId);
    assertThat(page1.get(0)).satisfies(g -> {
      assertThat(g.required()).isEqualTo(2);
      assertThat(g.role()).isEqualTo("approver");
      assertThat(g.fourEyes()).isTrue();
      assertThat(g.deadline()).isEqualTo(since.plusSeconds(3600));
    });

    assertThat(gates.approved(third.runId(), 1, "[\"arthur\"]")).isEqualTo(1);
    assertThat(gates.approved(third.runId(), 1, "[\"bea\"]")).as("a late answer of the same count").isZero();
    assertThat(gates.findById(third.runId())).get().extracting(GateWaitRecord::approvedByJson).isEqualTo("[\"arthur\"]");
    assertThat(gates.approved(third.runId(), 2, "[\"arthur\",\"bea\"]")).isEqualTo(1);
    assertThat(gates.waiting(last.waitingSince(), last.runId(), 10)).extracting(GateWaitRecord::runId)
        .as("a met policy waits no more").doesNotContain(third.runId());
  }

  @Test
  void runStateAndEndAreUpdated() {
    RunRecord run = runs.save(run(unique("pipe"), "RUNNING", T0));

    runs.update(run.runId(), "WAITING_APPROVAL", "GATE", "waiting for 1 approval");
    assertThat(runs.findById(run.runId()))
        .get()
        .satisfies(r -> {
          assertThat(r.state()).isEqualTo("WAITING_APPROVAL");
          assertThat(r.stage()).isEqualTo("GATE");
          assertThat(r.message()).isEqualTo("waiting for 1 approval");
          assertThat(r.finishedAt()).isNull();
        });

    Instant end = T0.plusSeconds(300);
    runs.update(run.runId(), "SUCCEEDED", "DONE", "live", "{\"auc\":0.97}", 3, "production", end);
    assertThat(runs.findById(run.runId()))
        .get()
        .satisfies(r -> {
          assertThat(r.state()).isEqualTo("SUCCEEDED");
          assertThat(r.metricsJson()).isEqualTo("{\"auc\":0.97}");
          assertThat(r.modelVersion()).isEqualTo(3);
          assertThat(r.alias()).isEqualTo("production");
          assertThat(r.finishedAt()).isEqualTo(end);
          assertThat(r.paramsJson()).isEqualTo(run.paramsJson());
        });
  }

  @Test
  void stageTransitionsKeepTheirOrder() {
    RunRecord run = runs.save(run(unique("pipe"), "RUNNING", T0));
    transitions.save(StageTransitionRecord.of(run.runId(), "PREPARE", "RUNNING", null, T0));
    transitions.save(StageTransitionRecord.of(run.runId(), "TRAIN", "RUNNING", "2 steps", T0.plusSeconds(1)));

    assertThat(transitions.findByRunIdOrderByIdAsc(run.runId()))
        .extracting(StageTransitionRecord::stage, StageTransitionRecord::detail)
        .containsExactly(
            tuple("PREPARE", null),
            tuple("TRAIN", "2 steps"));
  }

  @Test
  void stepAttemptIsUniquePerRunStepAndAttempt() {
    String runId = unique("run");
    StepAttemptRecord first = attempts.save(attempt(runId, 1));
    attempts.update(new StepAttemptRecord(
        first.id(), runId, "TRAIN", "train", 1, "SUCCEEDED", "cpu", "builtin", "file:/log", 0, null,
        "{\"loss\":0.1}", "{}", true, first.startedAt(), T0.plusSeconds(5), null, null, null, null, null, null, null, null,
        null, null, "ghcr.io/example/trainyard:1", "ghcr.io/example/trainyard@sha256:" + "ab".repeat(32)));

    assertThat(attempts.findByRunIdAndStepAndAttempt(runId, "train", 1))
        .get()
        .satisfies(a -> {
          assertThat(a.state()).isEqualTo("SUCCEEDED");
          assertThat(a.exitCode()).isZero();
          assertThat(a.cached()).isTrue();
          assertThat(a.finishedAt()).isEqualTo(T0.plusSeconds(5));
          assertThat(a.image()).isEqualTo("ghcr.io/example/trainyard:1");
          assertThat(a.imageDigest()).isEqualTo("ghcr.io/example/trainyard@sha256:" + "ab".repeat(32));
          assertThat(a.builtin()).isNull();
        });
    assertThatThrownBy(() -> attempts.save(attempt(runId, 1))).isInstanceOf(DataAccessException.class);
    attempts.save(attempt(runId, 2));
    assertThat(attempts.findByRunIdOrderByIdAsc(runId)).extracting(StepAttemptRecord::attempt).containsExactly(1, 2);
  }

  @Test
  void modelVersionsAreUniquePerVersionAndPerRun() {
    String model = unique("model");
    assertThat(versions.findMaxVersionByModel(model)).isEmpty();
    versions.save(version(model, 1, "run-a"));
    versions.save(version(model, 2, "run-b"));

    assertThat(versions.findMaxVersionByModel(model)).contains(2);
    assertThat(versions.findByModelAndRunId(model, "run-b")).get().extracting(ModelVersionRecord::version).isEqualTo(2);
    assertThat(versions.findByModelAndRunId(model, "run-b")).get().extracting(ModelVersionRecord::stepsJson)
        .isEqualTo("[{\"step\":\"train\"}]");
    assertThat(versions.findByModelOrderByVersionDesc(model)).extracting(ModelVersionRecord::version).containsExactly(2, 1);
    assertThat(versions.models()).containsOnlyOnce(model).isSorted();
    assertThatThrownBy(() -> versions.save(version(model, 2, "run-c"))).isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> versions.save(version(model, 3, "run-a"))).isInstanceOf(DataAccessException.class);
  }

  @Test
  void aliasIsOneRowPerModelAndAliasWithHistory() {
    String model = unique("model");
    ModelAliasRecord production = aliases.save(new ModelAliasRecord(null, model, "production", 1, T0));
    aliases.update(production.movedTo(2, T0.plusSeconds(1)));
    aliasEvents.save(new AliasEventRecord(null, model, "production", 1, 2, "run-b", "promoted", T0.plusSeconds(1), "olivia"));

    assertThat(aliases.findByModelAndAlias(model, "production")).get().extracting(ModelAliasRecord::version).isEqualTo(2);
    assertThatThrownBy(() -> aliases.save(new ModelAliasRecord(null, model, "production", 3, T0)))
        .isInstanceOf(DataAccessException.class);
    assertThat(aliasEvents.findByModelAndAliasOrderByIdAsc(model, "production"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.fromVersion()).isEqualTo(1);
          assertThat(e.toVersion()).isEqualTo(2);
          assertThat(e.reason()).isEqualTo("promoted");
          assertThat(e.actor()).isEqualTo("olivia");
        });
  }

  private static GateWaitRecord gate(RunRecord run, Instant since) {
    return new GateWaitRecord(run.runId(), run.pipeline(), run.model(), run.startedBy(), 2, "approver", true, 0, "[]",
        "{\"accuracy\":0.97}", since, since.plusSeconds(3600));
  }

  private static RunRecord run(String pipeline, String state, Instant startedAt) {
    return run(pipeline, state, startedAt, null, null);
  }

  private static RunRecord run(String pipeline, String state, Instant startedAt, String triggerKind, String triggerJson) {
    String runId = unique("run");
    return new RunRecord(
        runId, "run-" + pipeline + "-" + runId, pipeline, "sha256:aa", "m", "{\"seed\":42}", "ada",
        state, "PREPARE", null, "{}", null, null, startedAt, null, triggerKind, triggerJson, null, null);
  }



  private static StepAttemptRecord attempt(String runId, int attempt) {
    return new StepAttemptRecord(
        null, runId, "TRAIN", "train", attempt, "RUNNING", "cpu", "builtin", "file:/log", null, null,
        "{}", "{}", false, T0.truncatedTo(ChronoUnit.MILLIS), null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  private static ModelVersionRecord version(String model, int version, String runId) {
    return version(model, version, runId, null, null);
  }

  private static ModelVersionRecord version(String model, int version, String runId, String triggerKind, String triggerJson) {
    return new ModelVersionRecord(
        null, model, version, "file:/models/" + version, "ab" + version, runId, "pipe", "sha256:aa",
        "{}", "{}", "{\"auc\":0.9}", "abc123", T0, triggerKind, triggerJson, "[{\"step\":\"train\"}]");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
