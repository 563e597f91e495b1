package io.trainyard.api.run;

import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRecord;
import io.trainyard.run.RunRequestRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One run as the API answers it. The registry's run row is written by the workflow's first
 * activity, so a run started a moment ago may have only its start request yet: it answers from
 * that (running, at prepare) and the workflow's live status, never 404. The answer to a start reads
 * the registry only.
 */
@Singleton
public class RunDetails {
  private final RunRepository runs;
  private final RunRequestRepository requests;
  private final PipelineCatalog catalog;
  private final LiveRuns live;

  public RunDetails(RunRepository runs, RunRequestRepository requests, PipelineCatalog catalog, LiveRuns live) {
    this.runs = runs;
    this.requests = requests;
    this.catalog = catalog;
    this.live = live;
  }

  /** The run, or {@link NotFoundException}. */
  public Run get(String runId) {
    return find(runId).orElseThrow(() -> new NotFoundException("no run with id '" + runId + "'"));
  }

  /** The run, when it exists. */
  public Optional<Run> find(String runId) {
    return find(runId, live::status);
  }

  /**
   * The run a start has just started (or found started), from the registry alone and without
   * {@code live}: the status query needs a worker's workflow task, and a start must not wait on one.
   */
  public Run started(String runId) {
    return find(runId, workflowId -> Optional.empty())
        .orElseThrow(() -> new NotFoundException("no run with id '" + runId + "'"));
  }

  private Optional<Run> find(String runId, Function<String, Optional<RunStatus>> statusOf) {
    Optional<RunRecord> recorded = runs.findById(runId);
    if (recorded.isPresent()) {
      RunRecord run = recorded.get();
      Map<String, Object> status = RunState.valueOf(run.state()).isFinal()
          ? null
          : statusOf.apply(run.workflowId()).map(SpecJson::object).orElse(null);
      return Optional.of(of(run, catalog.numberOf(run.pipeline(), run.pipelineVersion()), status));
    }
    return requests.findById(runId).map(request -> of(request, statusOf.apply(request.workflowId()).orElse(null)));
  }

  /** The id of the run's workflow, when the registry knows the run. */
  public Optional<String> workflowId(String runId) {
    return runs.findById(runId).map(RunRecord::workflowId)
        .or(() -> requests.findById(runId).map(RunRequestRecord::workflowId));
  }

  /** Whether the registry knows the run (recorded, or its start requested). */
  public boolean exists(String runId) {
    return runs.existsById(runId) || requests.existsById(runId);
  }

  /**
   * A recorded run without asking Temporal (lists); {@code numbers} remembers the version numbers
   * of (pipeline, digest) pairs already looked up for this page.
   */
  public RunSummary summary(RunRecord run, Map<String, Integer> numbers) {
    Integer number = numbers.computeIfAbsent(run.pipeline() + "@" + run.pipelineVersion(),
        key -> catalog.numberOf(run.pipeline(), run.pipelineVersion()));
    return of(run, number, null).summary();
  }

  private static Run of(RunRecord run, Integer pipelineVersion, Map<String, Object> status) {
    return new Run(run.runId(), run.workflowId(), run.pipeline(), pipelineVersion,
        PipelineCatalog.DIGEST_PREFIX + run.pipelineVersion(), run.model(), SpecJson.object(run.paramsJson()),
        run.startedBy(), Trigger.stored(run.triggerJson()), run.state(), run.stage(), run.message(),
        SpecJson.object(run.metricsJson()), run.modelVersion(), run.alias(), run.startedAt(), run.finishedAt(), status);
  }

  /** A run known only by its start request: where the live status says it is, else just started. */
  private Run of(RunRequestRecord request, RunStatus now) {
    String state = now != null && now.state() != null ? now.state().name() : RunState.RUNNING.name();
    String stage = now != null && now.stage() != null ? now.stage().name() : Stage.PREPARE.name();
    Instant finished = now != null && now.finishedAtMillis() > 0 ? Instant.ofEpochMilli(now.finishedAtMillis()) : null;
    // the workflow's start time, which the registry records too, so that answers agree before and after
    Instant started = now != null && now.startedAtMillis() > 0
        ? Instant.ofEpochMilli(now.startedAtMillis())
        : request.createdAt().truncatedTo(ChronoUnit.MILLIS);
    return new Run(request.runId(), request.workflowId(), request.pipeline(),
        catalog.numberOf(request.pipeline(), request.pipelineVersion()),
        PipelineCatalog.DIGEST_PREFIX + request.pipelineVersion(), request.model(),
        SpecJson.object(request.paramsJson()), request.startedBy(), Trigger.stored(request.triggerJson()), state, stage,
        now == null ? null : now.message(), now == null ? Map.of() : new TreeMap<>(now.metrics()), null, null, started, finished,
        now == null ? null : SpecJson.object(now));
  }
}
