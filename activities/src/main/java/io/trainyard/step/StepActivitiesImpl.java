package io.trainyard.step;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.failure.FailureTypes;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.run.StepState;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.StepSpec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs one attempt of a step under the step contract: prepares its directories, resolves its inputs
 * through the artifact store, answers from the step cache when it can, runs the builtin or local
 * process executor, then checks, stores and reports the declared outputs and metrics, recording
 * the attempt through the {@link AttemptRecorder} with its price: its measured running time times its
 * hardware class's hourly price, failed and cancelled attempts included. A run with a budget has its
 * attempts stopped where their cost would cross it ({@link BudgetGuard}).
 */
@Singleton
public class StepActivitiesImpl implements StepActivities {
  private static final Logger LOG = LoggerFactory.getLogger(StepActivitiesImpl.class);


  private static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  private static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainyardHome home;
  private final ArtifactStore store;
  private final StepCache cache;
  private final StepExecutors executors;
  private final AttemptRecorder recorder;
  private final InputRoots inputRoots;
  private final HardwareClasses hardwareClasses;
  private final StepTracer tracer;

  public StepActivitiesImpl(
      TrainyardHome home,
      ArtifactStore store,
      StepCache cache,
      StepExecutors executors,
      AttemptRecorder recorder,
      InputRoots inputRoots,
      HardwareClasses hardwareClasses,
      StepTracer tracer) {
    this.home = home;
    this.store = store;
    this.cache = cache;
    this.executors = executors;
    this.recorder = recorder;
    this.inputRoots = inputRoots;
    this.hardwareClasses = hardwareClasses;
    this.tracer = tracer;
  }

  @Override
  public StepResult execute(StepRequest request) {
    StepSpec spec = requireSpec(request);
    ActivityExecutionContext context = Activity.getExecutionContext();
    // attempts count from 1 on a real server (a bare test environment reports 0), and continue
    // the numbering of the classes tried before this one
    int attempt = request.firstAttempt() - 1 + Math.max(1, context.getInfo().getAttempt());
    String hardware = requireHardware(request);
    StepExecutor executor = executors.forStep(spec);
    try (StepLogContext logged = StepLogContext.of(request.runId(), spec.name(), attempt, hardware);
        StepTracer.StepSpan span = tracer.start(request, attempt, hardware, executor.name())) {
      return execute(request, spec, attempt, hardware, context, executor, span);
    }
  }

  private StepResult execute(
      StepRequest request,
      StepSpec spec,
      int attempt,
      String hardware,
      ActivityExecutionContext context,
      StepExecutor executor,
      StepTracer.StepSpan span) {
    AttemptPaths paths = attemptPaths(request.runId(), spec.name(), attempt);
    BigDecimal price = hourlyPrice(spec, hardware);
    long startedAt = System.currentTimeMillis();
    long scheduledAt = context.getInfo().getCurrentAttemptScheduledTimestamp();
    AttemptClock clock = new AttemptClock(scheduledAt, startedAt);
    RunningTime runningTime = clock.running();
    BudgetGuard budget = new BudgetGuard(spec.name(), request.budget(),
        request.budget() == null ? BigDecimal.ZERO : recorder.spent(request.runId()), price, runningTime);
    AttemptRecorder.Recording journalled = recorder.started(
        new AttemptStarted(
            request.runId(),
            request.stage(),
            spec.name(),
            attempt,
            hardware,
            executor.name(),
            paths.logFile().toUri().toString(),
            startedAt,
            price),
        clock.queueMillis());
    LOG.info("step {} attempt {} started on {} ({} executor)", spec.name(), attempt, hardware, executor.name());
    try {
      Optional<ApplicationFailure> refused = budget.refusal();
      if (refused.isPresent()) {
        throw refused.get();
      }
      Map<String, ArtifactRef> inputs = digestedInputs(request);
      StepLaunch launch = launch(request, hardware, attempt, inputs, paths, context, budget, runningTime, span.traceparent());
      Optional<String> key = spec.cache() ? Optional.of(cache.key(launch, inputs)) : Optional.empty();
      Optional<StepCache.Entry> hit = key.flatMap(cache::lookup);
      if (hit.isPresent()) {
        span.cached();
        StepTime time = clock.time();
        journalled.finished(StepState.SUCCEEDED, null, null, hit.get().metrics(), hit.get().outputs(), true,
            AttemptCost.cached(price, hit.get().cost()), time, hit.get().runtime());
        LOG.info("step {} attempt {} succeeded from the step cache", spec.name(), attempt);
        return new StepResult(hit.get().outputs(), hit.get().metrics(), attempt, true, hardware, spend(request), time);
      }
      ExecutionOutcome outcome = clock.execute(executor, launch);
      Path outputDir = outcome.outputDir() != null ? outcome.outputDir() : paths.outputDir();
      Map<String, Double> metrics = readMetrics(spec, outputDir);
      Map<String, ArtifactRef> outputs = storeOutputs(spec, outputDir);
      AttemptCost cost = cost(price, runningTime);
      key.ifPresent(k -> cache.store(k, new StepCache.Entry(outputs, metrics, cost.cost(), outcome.runtime())));
      StepTime time = clock.time();
      journalled.finished(StepState.SUCCEEDED, outcome.exitCode(), null, metrics, outputs, false, cost, time, outcome.runtime());
      LOG.info("step {} attempt {} succeeded{}", spec.name(), attempt, outcome.exitCode() == null ? "" : " (exit " + outcome.exitCode() + ")");
      return new StepResult(outputs, metrics, attempt, false, hardware, spend(request), time);
    } catch (ActivityCompletionException e) {
      span.failed(e);
      AttemptCost cost = cost(price, runningTime);
      if (budget.crossed()) {
        ApplicationFailure stopped = budget.failure(recorder.spent(request.runId()).add(cost.cost()), "stopped");
        journalled.finished(StepState.FAILED, null, stopped.getOriginalMessage(), Map.of(), Map.of(), false, cost, clock.time(),
            StepRuntime.NONE);
        LOG.warn("step {} attempt {} stopped: {}", spec.name(), attempt, stopped.getOriginalMessage());
        throw stopped;
      }
      journalled.finished(StepState.CANCELLED, null, String.valueOf(e), Map.of(), Map.of(), false, cost, clock.time(),
          StepRuntime.NONE);
      LOG.info("step {} attempt {} cancelled: {}", spec.name(), attempt, e.toString());
      throw e;
    } catch (RuntimeException e) {
      span.failed(e);
      journalled.finished(StepState.FAILED, exitCode(e), e.getMessage(), Map.of(), Map.of(), false, cost(price, runningTime),
          clock.time(), StepRuntime.NONE);
      LOG.warn("step {} attempt {} failed: {}", spec.name(), attempt, e.getMessage());
      throw e;
    }
  }

  /** The hourly price of the class this attempt runs on; a class this worker does not know cannot run. */
  private BigDecimal hourlyPrice(StepSpec spec, String hardware) {
    try {
      return hardwareClasses.get(hardware).hourlyPrice();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure("step '" + spec.name() + "': " + e.getMessage(), FailureTypes.STEP_MISCONFIGURED);
    }
  }

  private static AttemptCost cost(BigDecimal price, RunningTime runningTime) {
    return AttemptCost.priced(price, runningTime.running(), runningTime.preempted());
  }

  /** What the run spent with this attempt, for a run with a budget to check (null without one). */
  private BigDecimal spend(StepRequest request) {
    return request.budget() == null ? null : recorder.spent(request.runId());
  }

  private StepLaunch launch(
      StepRequest request,
      String hardware,
      int attempt,
      Map<String, ArtifactRef> inputs,
      AttemptPaths paths,
      ActivityExecutionContext context,
      BudgetGuard budget,
      RunningTime runningTime,
      String traceparent) {
    return new StepLaunch(
        request.runId(),
        request.stage(),
        request.spec(),
        hardware,
        attempt,
        request.params(),
        request.with(),
        localPaths(inputs),
        paths,
        traceparent,
        heartbeatInterval(context.getInfo().getHeartbeatTimeout()),
        budget.guard(context::heartbeat, context.getInfo()),
        runningTime);
  }

  private static StepSpec requireSpec(StepRequest request) {
    if (request.spec() == null || request.spec().name() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step request for run " + request.runId() + " has no step spec (spec.name)", FailureTypes.STEP_MISCONFIGURED);
    }
    if (request.runId() == null || request.runId().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step request for '" + request.spec().name() + "' has no runId", FailureTypes.STEP_MISCONFIGURED);
    }
    return request.spec();
  }

  /** The class this activity runs on: one the step accepts. */
  private static String requireHardware(StepRequest request) {
    String hardware = request.hardwareClass();
    if (!request.spec().hardware().contains(hardware)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + request.spec().name() + "': hardware class '" + hardware + "' is not one of the step's "
              + request.spec().hardware(),
          FailureTypes.STEP_MISCONFIGURED);
    }
    return hardware;
  }

  private AttemptPaths attemptPaths(String runId, String step, int attempt) {
    AttemptPaths paths;
    try {
      paths = AttemptPaths.of(home, runId, step, attempt);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.STEP_MISCONFIGURED);
    }
    return paths.prepare();
  }

  /**
   * Inputs with a digest: external data without one is ingested into the store first, once the
   * input roots allow it (again: a spec stored before the rule, or past the API, is not trusted).
   */
  private Map<String, ArtifactRef> digestedInputs(StepRequest request) {
    Map<String, ArtifactRef> digested = new TreeMap<>();
    request.inputs().forEach(
        (name, ref) -> digested.put(name, ref.sha256() == null ? store.ingest(allowed(request, name, ref)) : ref));
    return digested;
  }

  private String allowed(StepRequest request, String input, ArtifactRef ref) {
    try {
      return inputRoots.allowed(ref.uri()).toString();
    } catch (InputRoots.InputNotAllowedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + request.spec().name() + "' input '" + input + "': " + e.getMessage(), FailureTypes.INPUT_NOT_ALLOWED);
    }
  }

  private Map<String, Path> localPaths(Map<String, ArtifactRef> inputs) {
    Map<String, Path> paths = new TreeMap<>();
    inputs.forEach((name, ref) -> paths.put(name, store.localPath(ref)));
    return paths;
  }

  private Map<String, ArtifactRef> storeOutputs(StepSpec spec, Path outputDir) {
    Map<String, ArtifactRef> outputs = new LinkedHashMap<>();
    for (String name : spec.outputs()) {
      Path output = outputDir.resolve(name);
      if (!Files.exists(output)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "step '" + spec.name() + "' did not write its declared output '" + name + "' (expected " + output + ")",
            FailureTypes.MISSING_OUTPUT);
      }
      outputs.put(name, store.put(output, name, true));
    }
    return outputs;
  }

  /** {@code metrics.json} under the output directory (name → number); none when the step wrote none. */
  static Map<String, Double> readMetrics(StepSpec spec, Path outputDir) {
    Path file = outputDir.resolve(StepContext.METRICS_FILE);
    if (!Files.exists(file)) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + spec.name() + "' wrote a metrics.json that is not JSON: " + e.getMessage(),
          FailureTypes.STEP_NON_RETRYABLE);
    }
    if (root == null || !root.isObject()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + spec.name() + "' wrote a metrics.json that is not an object of name -> number",
          FailureTypes.STEP_NON_RETRYABLE);
    }
    Map<String, Double> metrics = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> metric = it.next();
      if (!metric.getValue().isNumber()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "step '" + spec.name() + "' metrics.json: '" + metric.getKey() + "' is " + metric.getValue()
                + ", expected a number",
            FailureTypes.STEP_NON_RETRYABLE);
      }
      metrics.put(metric.getKey(), metric.getValue().doubleValue());
    }
    return metrics;
  }

  /** Heartbeat every third of the heartbeat timeout, and at least every 5 s. */
  static Duration heartbeatInterval(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
      return MAX_HEARTBEAT_INTERVAL;
    }
    Duration third = heartbeatTimeout.dividedBy(3);
    if (third.compareTo(MIN_HEARTBEAT_INTERVAL) < 0) {
      return MIN_HEARTBEAT_INTERVAL;
    }
    return third.compareTo(MAX_HEARTBEAT_INTERVAL) > 0 ? MAX_HEARTBEAT_INTERVAL : third;
  }

  private static Integer exitCode(RuntimeException e) {
    if (e instanceof ApplicationFailure failure
        && StepExecutor.STEP_FAILED.equals(failure.getType())
        && failure.getDetails().getSize() > 0) {
      return failure.getDetails().get(0, Integer.class);
    }
    return null;
  }
}
