package io.trainyard.registry;

import io.micronaut.data.exceptions.DataAccessException;
import io.temporal.failure.ApplicationFailure;
import io.micronaut.transaction.TransactionOperations;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.failure.FailureTypes;
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
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.pipeline.PipelineVersions;
import io.trainyard.run.GateOpened;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.RunFinished;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunStarted;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.StageChange;
import io.trainyard.run.StageTransitionRecord;
import io.trainyard.run.StageTransitionRepository;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The registry activities over the Micronaut Data repositories; every write is safe to retry. */
@Singleton
public class RegistryActivitiesImpl implements RegistryActivities {

  /** Registrations that lose the race for a version number try again this many times. */
  static final int REGISTRATION_ATTEMPTS = 32;

  private final PipelineVersions pipelineVersions;
  private final RunRepository runs;
  private final StageTransitionRepository transitions;
  private final ModelVersionRepository versions;
  private final ModelAliasRepository aliases;
  private final AliasEventRepository aliasEvents;
  private final GateWaitRepository gateWaits;
  private final StepAttemptRepository attempts;
  private final TransactionOperations<Connection> transactions;

  public RegistryActivitiesImpl(
      PipelineVersions pipelineVersions,
      RunRepository runs,
      StageTransitionRepository transitions,
      ModelVersionRepository versions,
      ModelAliasRepository aliases,
      AliasEventRepository aliasEvents,
      GateWaitRepository gateWaits,
      StepAttemptRepository attempts,
      TransactionOperations<Connection> transactions) {
    this.pipelineVersions = pipelineVersions;
    this.runs = runs;
    this.transitions = transitions;
    this.versions = versions;
    this.aliases = aliases;
    this.aliasEvents = aliasEvents;
    this.gateWaits = gateWaits;
    this.attempts = attempts;
    this.transactions = transactions;
  }

  @Override
  public void runStarted(RunStarted started) {
    RunInput input = require(require(started, "runStarted").input(), "runStarted.input");
    requireText(input.runId(), "runStarted.input.runId");
    requireText(input.pipelineVersion(), "runStarted.input.pipelineVersion");
    require(input.spec(), "runStarted.input.spec");
    require(input.spec().metadata(), "runStarted.input.spec.metadata");
    require(input.spec().model(), "runStarted.input.spec.model");
    Instant at = Instant.ofEpochMilli(started.startedAtMillis());

    // Two writes, each on its own and each finding a row written by an earlier attempt (or a
    // concurrent run of the same pipeline version): a retry completes what a crash left half done.
    // A version stored already (registered through the API, or by an earlier run) keeps its number.
    pipelineVersions.store(PipelineVersionRecord.of(
        input.spec().name(), input.pipelineVersion(), 0, JsonColumns.write(input.spec()), at));
    if (!runs.existsById(input.runId())) {
      String workflowId = started.workflowId() != null ? started.workflowId() : input.workflowId();
      insertOnce(() -> runs.save(new RunRecord(
          input.runId(), workflowId, input.spec().name(), input.pipelineVersion(),
          input.spec().model().name(), JsonColumns.write(input.params()), input.startedBy(),
          RunState.RUNNING.name(), Stage.PREPARE.name(), null, "{}", null, null, at, null,
          input.trigger().kind().value(), JsonColumns.write(input.trigger()), input.spec().team(), input.budget())));
    }
  }

  @Override
  @Transactional
  public void stageChanged(StageChange change) {
    require(change, "stageChanged");
    requireText(change.runId(), "stageChanged.runId");
    require(change.stage(), "stageChanged.stage");
    require(change.state(), "stageChanged.state");
    Instant at = Instant.ofEpochMilli(change.atMillis());
    RunRecord run = recordedRun(change.runId());
    if (transitions.existsByRunIdAndStageAndStateAndOccurredAt(
        run.runId(), change.stage().name(), change.state().name(), at)) {
      return;
    }
    if (change.state() != RunState.WAITING_APPROVAL) {
      if (RunState.WAITING_APPROVAL.name().equals(run.state())) {
        // the run leaves its gate: it waits for nobody now (other changes have no wait to delete)
        gateWaits.deleteById(run.runId());
      }
    } else if (change.gate() != null && !gateWaits.existsById(run.runId())) {
      GateOpened gate = change.gate();
      gateWaits.save(new GateWaitRecord(run.runId(), run.pipeline(), run.model(), run.startedBy(), gate.required(),
          gate.role(), gate.fourEyes(), 0, "[]", JsonColumns.write(gate.metrics()), at,
          Instant.ofEpochMilli(gate.deadlineMillis())));
    }
    transitions.save(StageTransitionRecord.of(
        run.runId(), change.stage().name(), change.state().name(), change.detail(), at));
    // A late or replayed change never reopens a run that has ended.
    if (!RunState.valueOf(run.state()).isFinal()) {
      runs.update(run.runId(), change.state().name(), change.stage().name(), change.detail());
    }
  }

  @Override
  public ModelVersionRef registerModel(ModelRegistration registration) {
    require(registration, "registerModel");
    requireText(registration.model(), "registerModel.model");
    requireText(registration.runId(), "registerModel.runId");
    require(registration.artifact(), "registerModel.artifact");
    requireText(registration.artifact().uri(), "registerModel.artifact.uri");
    // The unique constraints decide races: (model, version) makes a loser take the next number,
    // (model, run_id) makes a retry of the same run find its version. Each try is its own
    // transaction because PostgreSQL refuses further statements in a transaction after a failed one.
    DataAccessException lastConflict = null;
    for (int attempt = 1; attempt <= REGISTRATION_ATTEMPTS; attempt++) {
      try {
        return transactions.executeWrite(status -> registerOnce(registration));
      } catch (DataAccessException e) {
        if (!UniqueViolation.causedBy(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw new IllegalStateException(
        "could not register a version of model '" + registration.model() + "' for run '"
            + registration.runId() + "': lost the race for a version number " + REGISTRATION_ATTEMPTS
            + " times",
        lastConflict);
  }

  private ModelVersionRef registerOnce(ModelRegistration registration) {
    Optional<ModelVersionRecord> existing =
        versions.findByModelAndRunId(registration.model(), registration.runId());
    if (existing.isPresent()) {
      return ref(existing.get());
    }
    int next = versions.findMaxVersionByModel(registration.model()).orElse(0) + 1;
    // what started the run comes from the run's row, written by the run's first activity; what ran
    // its steps from their attempts, each ended (and journalled) before the run asked to register
    Optional<RunRecord> run = runs.findById(registration.runId());
    List<StepLineage> steps = StepLineage.of(attempts.findByRunIdOrderByIdAsc(registration.runId()));
    return ref(versions.save(new ModelVersionRecord(
        null,
        registration.model(),
        next,
        registration.artifact().uri(),
        registration.artifact().sha256(),
        registration.runId(),
        registration.pipelineName(),
        registration.pipelineVersion(),
        JsonColumns.write(registration.dataDigests()),
        JsonColumns.write(registration.params()),
        JsonColumns.write(registration.metrics()),
        registration.codeVersion(),
        Instant.now(),
        run.map(RunRecord::triggerKind).orElse(null),
        run.map(RunRecord::triggerJson).orElse(null),
        JsonColumns.write(steps))));
  }

  @Override
  public ProductionModel production(String model) {
    requireText(model, "production.model");
    return aliases
        .findByModelAndAlias(model, Aliases.PRODUCTION)
        .map(alias -> versions
            .findByModelAndVersion(model, alias.version())
            .orElseThrow(() -> new IllegalStateException(
                "alias production of model '" + model + "' points at missing version " + alias.version())))
        .map(version -> new ProductionModel(ref(version), JsonColumns.metrics(version.metricsJson())))
        .orElse(ProductionModel.NONE);
  }

  @Override
  @Transactional
  public void moveAlias(AliasMove move) {
    require(move, "moveAlias");
    requireText(move.model(), "moveAlias.model");
    requireText(move.alias(), "moveAlias.alias");
    if (move.version() < 0) {
      throw new IllegalArgumentException(
          "moveAlias.version must be a version number, or 0 to remove the alias, not " + move.version());
    }
    if (move.version() > 0 && versions.findByModelAndVersion(move.model(), move.version()).isEmpty()) {
      throw new IllegalArgumentException(
          "moveAlias.version: model '" + move.model() + "' has no version " + move.version());
    }
    Instant at = Instant.now();
    Optional<Integer> left = point(move.model(), move.alias(), move.version(), move, at);
    if (Aliases.PRODUCTION.equals(move.alias()) && move.version() > 0 && left.isPresent()) {
      point(move.model(), Aliases.PREVIOUS, left.get(), move, at);
    }
  }

  @Override
  @Transactional
  public ModelVersionRef restoreProduction(ProductionRestore restore) {
    require(restore, "restoreProduction");
    requireText(restore.model(), "restoreProduction.model");
    requireText(restore.runId(), "restoreProduction.runId");
    ModelVersionRecord target = versions.findByModelAndVersion(restore.model(), restore.to())
        .orElseThrow(() -> new IllegalArgumentException(
            "restoreProduction.to: model '" + restore.model() + "' has no version " + restore.to()));
    Integer production = aliases.findByModelAndAlias(restore.model(), Aliases.PRODUCTION).map(ModelAliasRecord::version).orElse(null);
    Integer previous = aliases.findByModelAndAlias(restore.model(), Aliases.PREVIOUS).map(ModelAliasRecord::version).orElse(null);
    if (Objects.equals(production, restore.to()) && Objects.equals(previous, restore.from())) {
      return ref(target);
    }
    if (!Objects.equals(production, restore.from()) || !Objects.equals(previous, restore.to())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "model '" + restore.model() + "' has production " + production + " and previous " + previous
              + ", not " + restore.from() + " and " + restore.to() + ": the aliases moved since the restore was asked for",
          FailureTypes.NOT_ALLOWED);
    }
    AliasMove move = new AliasMove(
        restore.model(), Aliases.PRODUCTION, restore.to(), restore.runId(), restore.reason(), restore.actor());
    Instant at = Instant.now();
    point(restore.model(), Aliases.PRODUCTION, restore.to(), move, at);
    point(restore.model(), Aliases.PREVIOUS, restore.from(), move, at);
    return ref(target);
  }

  /**
   * Point one alias at a version (0 removes it) and append the move to its history; pointing it
   * where it already points changes nothing, which makes a retried move a no-op.
   *
   * @return the version the alias left, when it moved away from one
   */
  private Optional<Integer> point(String model, String alias, int version, AliasMove move, Instant at) {
    Optional<ModelAliasRecord> current = aliases.findByModelAndAlias(model, alias);
    Integer from = current.map(ModelAliasRecord::version).orElse(null);
    if (from == null && version == 0 || from != null && from == version) {
      return Optional.empty();
    }
    if (version == 0) {
      aliases.delete(current.get());
    } else if (current.isPresent()) {
      aliases.update(current.get().movedTo(version, at));
    } else {
      aliases.save(new ModelAliasRecord(null, model, alias, version, at));
    }
    aliasEvents.save(new AliasEventRecord(
        null, model, alias, from, version == 0 ? null : version, move.runId(), move.reason(), at, move.actor()));
    return Optional.ofNullable(from);
  }

  @Override
  public void runFinished(RunFinished finished) {
    RunStatus status = require(require(finished, "runFinished").status(), "runFinished.status");
    requireText(status.runId(), "runFinished.status.runId");
    require(status.state(), "runFinished.status.state");
    require(status.stage(), "runFinished.status.stage");
    recordedRun(status.runId());
    runs.update(
        status.runId(),
        status.state().name(),
        status.stage().name(),
        status.message(),
        JsonColumns.write(status.metrics()),
        status.model() == null ? null : status.model().version(),
        status.alias(),
        Instant.ofEpochMilli(finished.finishedAtMillis()));
    gateWaits.deleteById(status.runId());
  }

  private RunRecord recordedRun(String runId) {
    // Retryable on purpose: the workflow records the start first, so a missing run is a race.
    return runs.findById(runId)
        .orElseThrow(() -> new IllegalStateException("run '" + runId + "' is not recorded"));
  }

  private static void insertOnce(Runnable insert) {
    try {
      insert.run();
    } catch (DataAccessException e) {
      if (!UniqueViolation.causedBy(e)) {
        throw e;
      }
    }
  }

  private static ModelVersionRef ref(ModelVersionRecord version) {
    return new ModelVersionRef(
        version.model(), version.version(), new ArtifactRef(version.artifactUri(), version.sha256()));
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required (a non-blank string)");
    }
  }
}
