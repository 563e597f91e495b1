package io.trainyard.api.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.cost.Costs;
import io.trainyard.api.cost.RunCost;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.RequestIds;
import io.trainyard.api.security.Roles;
import io.trainyard.run.RunTrigger;
import java.net.URI;
import org.reactivestreams.Publisher;

/** {@code /v1/runs}: start, list, read, follow, cancel and reproduce model runs; their step attempts, logs, cost and workflow history. */
@Controller("/v1/runs")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunsController {
  /** The {@code User-Agent} of the {@code trainyard} command starts with this; its runs are started by {@code cli}. */
  public static final String CLI_AGENT = "trainyard-cli/";

  private final RunStarter starter;
  private final RunListing listing;
  private final RunDetails details;
  private final RunCancellation cancellation;
  private final RunEvents events;
  private final StepAttempts attempts;
  private final RunHistories histories;
  private final Costs costs;
  private final Reproductions reproductions;

  public RunsController(RunStarter starter, RunListing listing, RunDetails details, RunCancellation cancellation,
      RunEvents events, StepAttempts attempts, RunHistories histories, Costs costs, Reproductions reproductions) {
    this.starter = starter;
    this.listing = listing;
    this.details = details;
    this.cancellation = cancellation;
    this.events = events;
    this.attempts = attempts;
    this.histories = histories;
    this.costs = costs;
    this.reproductions = reproductions;
  }

  /** Start a run of a registered pipeline version. */
  @Post
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<Run> start(HttpRequest<?> request, Authentication authentication, @Body StartRunRequest body,
      @Nullable @Header("Idempotency-Key") String idempotencyKey, @Nullable @Header(HttpHeaders.USER_AGENT) String userAgent) {
    RunTrigger trigger = userAgent != null && userAgent.startsWith(CLI_AGENT) ? RunTrigger.cli() : RunTrigger.api();
    RunStarter.Started started = starter.start(RequestIds.of(request), Caller.of(authentication), body, idempotencyKey, trigger);
    return answer(started);
  }

  /** List runs, newest first, with filters and a cursor. */
  @Get
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public RunPage list(
      @Nullable @QueryValue String pipeline,
      @Nullable @QueryValue String model,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String stage,
      @Nullable @QueryValue String startedBy,
      @Nullable @QueryValue String trigger,
      @Nullable @QueryValue String startedAfter,
      @Nullable @QueryValue String startedBefore,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    return listing.list(
        new RunListing.Filter(pipeline, model, state, stage, startedBy, trigger, startedAfter, startedBefore, limit, cursor));
  }

  /** Read a run: its registry record and, while it runs, its live status. */
  @Get("/{runId}")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public Run get(String runId) {
    return details.get(runId);
  }

  /** Cancel a running run. */
  @Post("/{runId}/cancel")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<Run> cancel(HttpRequest<?> request, Authentication authentication, String runId,
      @Nullable @Body CancelRunRequest body) {
    Run run = cancellation.cancel(RequestIds.of(request), Caller.of(authentication), runId, body == null ? null : FreeText.bounded("reason", body.reason()));
    return HttpResponse.status(HttpStatus.ACCEPTED).body(run);
  }

  /**
   * Reproduce an ended run: start a run with exactly its recorded inputs (pipeline version, parameters,
   * budget, dataset versions; refused when the bytes under an input changed), the step cache off; it
   * ends after evaluate and never rolls out.
   */
  @Post("/{runId}/reproduce")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<Run> reproduce(HttpRequest<?> request, Authentication authentication, String runId,
      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    RunStarter.Started started = reproductions.reproduce(RequestIds.of(request), Caller.of(authentication), runId, idempotencyKey);
    return answer(started);
  }

  /** Compare a reproduction's step outputs with those of the run it reproduces. */
  @Get("/{runId}/reproduction")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public Reproduction reproduction(String runId) {
    return reproductions.compare(runId);
  }

  /** 201 with the run's location when this request started it, 200 when it found the run its key started. */
  private static HttpResponse<Run> answer(RunStarter.Started started) {
    return started.created()
        ? HttpResponse.created(started.run(), URI.create("/v1/runs/" + started.run().runId()))
        : HttpResponse.ok(started.run());
  }

  /** Follow a run as server-sent events until it ends. */
  @Get("/{runId}/events")
  @ProblemAnswers.NotFound
  @Produces(MediaType.TEXT_EVENT_STREAM)
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public Publisher<Event<Object>> events(String runId) {
    if (!details.exists(runId)) {
      throw new NotFoundException("no run with id '" + runId + "'");
    }
    return events.of(runId);
  }

  /** Read a run's Temporal workflow history, event by event. */
  @Get("/{runId}/history")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public RunHistory history(String runId) {
    return histories.of(runId);
  }

  /** Read what a run cost so far: in all and by stage, failed and preempted attempts and cache savings apart. */
  @Get("/{runId}/cost")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public RunCost cost(String runId) {
    return costs.ofRun(runId);
  }

  /** List every attempt of every step of a run. */
  @Get("/{runId}/steps")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public StepAttemptList steps(String runId) {
    return attempts.of(runId);
  }

  /** Read the stdout and stderr of one step attempt. */
  @Get("/{runId}/steps/{step}/attempts/{attempt}/logs")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Produces(MediaType.TEXT_PLAIN)
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public String logs(String runId, String step, int attempt) {
    return attempts.log(runId, step, attempt);
  }
}
