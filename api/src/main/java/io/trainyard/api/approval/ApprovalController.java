package io.trainyard.api.approval;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;
import io.trainyard.run.DecisionKind;

/** Decisions at a run's gate, and the runs waiting for one. */
@Controller("/v1")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApprovalController {
  private final GateDecisions decisions;
  private final WaitingRuns waiting;

  public ApprovalController(GateDecisions decisions, WaitingRuns waiting) {
    this.decisions = decisions;
    this.waiting = waiting;
  }

  /** Approve a run waiting at its gate. */
  @Post("/runs/{runId}/approve")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.APPROVER, Roles.ADMIN})
  public GateAnswer approve(HttpRequest<?> request, Authentication authentication, String runId, @Body @Nullable DecisionRequest body) {
    return decisions.decide(request, Caller.of(authentication), runId, DecisionKind.APPROVE, comment(body));
  }

  /** Reject a run waiting at its gate. */
  @Post("/runs/{runId}/reject")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.APPROVER, Roles.ADMIN})
  public GateAnswer reject(HttpRequest<?> request, Authentication authentication, String runId, @Body @Nullable DecisionRequest body) {
    return decisions.decide(request, Caller.of(authentication), runId, DecisionKind.REJECT, comment(body));
  }

  /** List the runs waiting for an approval, longest waiting first. */
  @Get("/approvals")
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ApprovalList approvals(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
    return waiting.list(limit, cursor);
  }

  private static String comment(DecisionRequest body) {
    return body == null ? null : FreeText.bounded("comment", body.comment());
  }
}
