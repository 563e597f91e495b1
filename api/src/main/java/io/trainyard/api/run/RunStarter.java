package io.trainyard.api.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.exceptions.DataAccessException;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.cost.BudgetExceededException;
import io.trainyard.api.cost.Costs;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.IdempotencyKeyReusedException;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.api.security.Caller;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.registry.UniqueViolation;
import io.opentelemetry.api.trace.Span;
import io.trainyard.run.RunIds;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRecord;
import io.trainyard.run.RunRequestRepository;
import io.trainyard.run.RunTrigger;
import io.trainyard.dataset.DatasetVersionKey;
import io.trainyard.dataset.DatasetVersionRecord;
import io.trainyard.dataset.DatasetVersionRepository;
import io.trainyard.run.TraceAttributes;
import io.trainyard.run.TriggerKind;
import io.trainyard.spec.DatasetInputs;
import io.trainyard.spec.ParameterSpec;
import io.trainyard.spec.ParameterType;
import io.trainyard.spec.ParameterValues;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.step.StepAttemptRepository;
import io.trainyard.spec.PipelineVersion;
import io.trainyard.spec.SpecValidationException;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Starts runs exactly once per {@code Idempotency-Key}: the key is claimed in the registry first
 * (a row under a unique (caller, key) constraint), then the workflow is started with the claimed
 * run's workflow id under a reuse policy that refuses a second start. Every retry, the winner's or
 * a loser's of a race, finds the same claim, starts the workflow if a crash left it unstarted, and
 * answers the same run.
 *
 * <p>Every start path calls {@link #start} with what started the run (the REST controller: api or
 * cli; a schedule's action; a dataset version). The trigger goes into the claim, the run's input
 * (and so the run's row, its lineage, search attribute and Web UI details) and the audit row. It is
 * not part of the request's fingerprint: a retry of the same key from another client is the same
 * start, and answers the run with the trigger of the start that claimed the key; only the run a
 * reproduction reproduces is (a reproduction is a different request from a start of the same body).
 */
@Singleton
public class RunStarter {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private final PipelineCatalog catalog;
  private final RunRequestRepository requests;
  private final RunRepository runs;
  private final LiveRuns live;
  private final RunDetails details;
  private final AuditTrail audit;
  private final DatasetVersionRepository datasets;
  private final Costs costs;
  private final StepAttemptRepository attempts;
  private final String codeVersion;
  private final Clock clock = Clock.systemUTC();

  public RunStarter(
      PipelineCatalog catalog,
      RunRequestRepository requests,
      RunRepository runs,
      LiveRuns live,
      RunDetails details,
      AuditTrail audit,
      DatasetVersionRepository datasets,
      Costs costs,
      StepAttemptRepository attempts,
      @Value("${trainyard.code-version:unknown}") String codeVersion) {
    this.catalog = catalog;
    this.requests = requests;
    this.runs = runs;
    this.live = live;
    this.details = details;
    this.audit = audit;
    this.datasets = datasets;
    this.costs = costs;
    this.attempts = attempts;
    this.codeVersion = codeVersion;
  }

  /**
   * Start a run (or find the one this key started) for {@code caller}, started by {@code trigger}
   * (not part of the key's fingerprint, but for the run a reproduction reproduces: a retry finds the
   * run whatever its trigger); audited, refusals too.
   */
  public Started start(String requestId, Caller caller, StartRunRequest body, String idempotencyKey, RunTrigger trigger) {
    StartRunRequest request = body == null ? new StartRunRequest(null, null, null, null) : body;
    String target = "pipeline/" + (request.pipeline() == null ? "unknown" : request.pipeline());
    try {
      return startOrFind(requestId, caller, request, idempotencyKey, trigger);
    } catch (InvalidInputException | IdempotencyKeyReusedException | NotFoundException | BudgetExceededException
        | WrongStateException e) {
      audit.record(requestId, caller, "run.start", target,
          Map.of("reason", e.getMessage(), "trigger", SpecJson.object(trigger)), AuditTrail.REFUSED);
      throw e;
    }
  }

  private Started startOrFind(String requestId, Caller caller, StartRunRequest request, String key, RunTrigger trigger) {
    if (key != null && !KEY.matcher(key).matches()) {
      throw InvalidInputException.field("Idempotency-Key", "expected 1 to 128 of A-Z a-z 0-9 . _ : -");
    }
    String fingerprint = fingerprint(request, trigger);
    if (key != null) {
      var claimed = requests.findByStartedByAndIdempotencyKey(caller.user(), key);
      if (claimed.isPresent()) {
        return resume(claimed.get(), fingerprint, key);
      }
    }
    if (request.pipeline() == null || request.pipeline().isBlank()) {
      throw InvalidInputException.field("pipeline", "is required: the name of a registered pipeline");
    }
    if (request.version() != null && request.version() < 1) {
      throw InvalidInputException.field("version", "expected a version number (1, 2, ...), got " + request.version());
    }
    PipelineVersionRecord version = catalog.record(request.pipeline(), request.version());
    PipelineSpec spec = SpecJson.spec(version.specJson());
    Map<String, Object> params = params(spec, request.params());
    checkBudget(spec, request.budget());
    costs.checkMonthlyBudget(spec);
    Instant now = clock.instant();
    PipelineSpec resolved = withDatasets(spec, trigger, now);
    Map<String, ArtifactRef> inputs = RecordedInputs.digest(resolved);
    if (trigger.kind() == TriggerKind.REPRODUCE) {
      RecordedInputs.requireUnchanged(trigger.reproduces(), original(trigger).inputsJson(), resolved, inputs);
    }
    String runId = RunIds.next();
    RunRequestRecord claim = new RunRequestRecord(runId, RunInput.workflowId(spec.name(), runId), caller.user(), key,
        fingerprint, spec.name(), version.version(), spec.model().name(), SpecJson.write(params), codeVersion,
        now, trigger.kind().value(), SpecJson.write(trigger), request.budget(), RecordedInputs.write(inputs));
    try {
      requests.save(claim);
    } catch (DataAccessException e) {
      if (key == null || !UniqueViolation.causedBy(e)) {
        throw e;
      }
      // another request with this key won the claim: answer its run
      return resume(requests.findByStartedByAndIdempotencyKey(caller.user(), key).orElseThrow(() -> e), fingerprint, key);
    }
    // the span that starts the run (the API request's, or a schedule's or trigger's activity)
    Span.current()
        .setAttribute(TraceAttributes.RUN_ID, runId)
        .setAttribute(TraceAttributes.PIPELINE, spec.name())
        .setAttribute(TraceAttributes.MODEL, spec.model().name())
        .setAttribute(TraceAttributes.TRIGGER, trigger.kind().value());
    try {
      live.start(input(claim, resolved, params));
    } catch (RuntimeException e) {
      if (key == null) {
        // without a key no retry can find this claim: take it back. A start whose outcome Temporal
        // could not tell says so; if it did start, its workflow records the run in the registry.
        requests.deleteById(runId);
      }
      throw e;
    }
    Map<String, Object> detail = new LinkedHashMap<>(Map.of("pipeline", spec.name(), "version", version.number(), "params", params,
        "trigger", SpecJson.object(trigger)));
    if (key != null) {
      detail.put("idempotencyKey", key);
    }
    if (request.budget() != null) {
      detail.put("budget", request.budget().stripTrailingZeros().toPlainString());
    }
    audit.record(requestId, caller, "run.start", "run/" + runId, detail, AuditTrail.OK);
    return new Started(details.started(runId), true);
  }

  /** A retry of a claimed start: the same request gets the same run, started once. */
  private Started resume(RunRequestRecord claim, String fingerprint, String key) {
    if (!claim.requestSha256().equals(fingerprint)) {
      throw new IdempotencyKeyReusedException("Idempotency-Key '" + key + "' started run " + claim.runId()
          + " with a different request; use a new key for a different run");
    }
    if (!runs.existsById(claim.runId())) {
      // the workflow records the run first thing; until then, a crash may have left it unstarted
      PipelineSpec spec = withDatasets(catalog.spec(claim.pipeline(), claim.pipelineVersion()),
          Trigger.read(claim.triggerJson()), claim.createdAt());
      live.start(input(claim, spec, SpecJson.object(claim.paramsJson())));
    }
    return new Started(details.started(claim.runId()), false);
  }

  /**
   * The spec with its {@code ${dataset.NAME}} inputs read from versions: the one that triggered the
   * run for its dataset, else each dataset's newest version pushed by {@code at} (the claim's time,
   * so that a retry of the start reads the same versions); a reproduction reads those its original read.
   */
  private PipelineSpec withDatasets(PipelineSpec spec, RunTrigger trigger, Instant at) {
    if (trigger.kind() == TriggerKind.REPRODUCE) {
      RunRequestRecord original = original(trigger);
      return withDatasets(spec, Trigger.read(original.triggerJson()), original.createdAt());
    }
    try {
      return DatasetInputs.resolve(spec, name -> (trigger.kind() == TriggerKind.DATASET && name.equals(trigger.dataset())
          ? datasets.findById(new DatasetVersionKey(name, trigger.datasetVersion()))
          : datasets.page(name, at, Integer.MAX_VALUE, 1).stream().findFirst()).map(DatasetVersionRecord::uri));
    } catch (SpecValidationException e) {
      throw new InvalidInputException("the run's dataset inputs have " + e.errors().size() + " error"
          + (e.errors().size() == 1 ? "" : "s") + "; nothing was started",
          e.errors().stream().map(error -> new FieldProblem(error.field(), error.message())).toList());
    }
  }

  /** The start request of the run a reproduction reproduces. */
  private RunRequestRecord original(RunTrigger reproduction) {
    return requests.findById(reproduction.reproduces())
        .orElseThrow(() -> new NotFoundException("no run with id '" + reproduction.reproduces() + "' started through the API"));
  }

  /**
   * The run's input; a reproduction runs with the step cache off, so that every step runs again, and
   * each step of its own image in the digest its original ran in ({@link PinnedImages}).
   */
  private RunInput input(RunRequestRecord claim, PipelineSpec spec, Map<String, Object> params) {
    RunTrigger trigger = Trigger.read(claim.triggerJson());
    PipelineSpec run = trigger.kind() == TriggerKind.REPRODUCE
        ? spec.reproduced(PinnedImages.of(spec, attempts.findByRunIdOrderByIdAsc(trigger.reproduces())))
        : spec;
    return new RunInput(claim.runId(), run,
        claim.pipelineVersion(), params, claim.startedBy(), claim.codeVersion(), trigger,
        claim.budget() != null ? claim.budget() : spec.runBudget());
  }

  /** A run budget in a request is more than zero and may only lower the pipeline's {@code budget.run}. */
  private static void checkBudget(PipelineSpec spec, BigDecimal budget) {
    if (budget == null) {
      return;
    }
    if (budget.signum() <= 0) {
      throw InvalidInputException.field("budget", "expected an amount more than 0, got " + budget.toPlainString());
    }
    if (spec.runBudget() != null && budget.compareTo(spec.runBudget()) > 0) {
      throw InvalidInputException.field("budget", "may only lower the pipeline's run budget of "
          + spec.runBudget().stripTrailingZeros().toPlainString() + ", got " + budget.toPlainString());
    }
  }

  /** The declared parameters with the given values checked against their types, defaults filled. */
  private static Map<String, Object> params(PipelineSpec spec, Map<String, Object> given) {
    List<FieldProblem> errors = new ArrayList<>();
    Map<String, String> texts = new LinkedHashMap<>();
    new TreeMap<>(given == null ? Map.<String, Object>of() : given).forEach((name, value) -> {
      ParameterSpec declared = spec.parameters().get(name);
      if (value == null || value instanceof Map || value instanceof List) {
        errors.add(new FieldProblem("params." + name, "expected "
            + (declared == null ? "a string, number or boolean" : describe(declared.type()))));
      } else if (declared != null && declared.type() != ParameterType.STRING && value instanceof String) {
        errors.add(new FieldProblem("params." + name, "expected " + describe(declared.type()) + ", got the string '" + value + "'"));
      } else {
        texts.put(name, String.valueOf(value));
      }
    });
    try {
      Map<String, Object> values = ParameterValues.resolve(spec, texts);
      if (errors.isEmpty()) {
        return values;
      }
    } catch (SpecValidationException e) {
      e.errors().forEach(error -> errors.add(new FieldProblem(
          error.field().replaceFirst("^parameters\\.", "params."),
          error.message().startsWith("has no default") ? "is required: the parameter has no default" : error.message())));
    }
    throw new InvalidInputException("the run's parameters have " + errors.size() + " error"
        + (errors.size() == 1 ? "" : "s") + "; nothing was started", errors);
  }

  private static String describe(ParameterType type) {
    return switch (type) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
    };
  }

  /**
   * The hex sha256 of the canonical request (sorted keys): equal bodies, whatever their formatting,
   * match. A reproduction's request is the run it reproduces too, so that a key that started a run
   * cannot answer a reproduction with it, nor the other way round.
   */
  private static String fingerprint(StartRunRequest request, RunTrigger trigger) {
    Map<String, Object> canonical = new TreeMap<>();
    canonical.put("pipeline", request.pipeline());
    canonical.put("version", request.version());
    canonical.put("params", request.params() == null ? Map.of() : new TreeMap<>(request.params()));
    if (request.budget() != null) {
      // only when given: requests without a budget keep the fingerprints they had
      canonical.put("budget", request.budget().stripTrailingZeros().toPlainString());
    }
    if (trigger.kind() == TriggerKind.REPRODUCE) {
      canonical.put("reproduces", trigger.reproduces());
    }
    try {
      return PipelineVersion.digest(CANONICAL.writeValueAsString(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request does not serialize", e);
    }
  }

  /** The run a start answers with, and whether this request started it (201) or found it (200). */
  public record Started(Run run, boolean created) {}
}
