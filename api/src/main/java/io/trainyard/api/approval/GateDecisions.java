package io.trainyard.api.approval;

import io.micronaut.http.HttpRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.micronaut.data.exceptions.DataAccessException;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.run.LiveRuns;
import io.trainyard.api.problem.ForbiddenException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.problem.UnavailableException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.security.Caller;
import io.trainyard.run.Decision;
import io.trainyard.run.DecisionKind;
import io.trainyard.run.DecisionResult;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.PendingApproval;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approvals and rejections at a run's gate, passed to the run's workflow as its {@code decide}
 * update. The same rules the workflow enforces are checked first against its {@code status}
 * query, so each refusal gets its own answer (403 for who the caller is, 409 for where the run
 * is); the workflow's validator stays the last word for races. Every decision is audited,
 * refused ones too.
 */
@Singleton
public class GateDecisions {
  private static final Logger LOG = LoggerFactory.getLogger(GateDecisions.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final RunRepository runs;
  private final GateWaitRepository gates;
  private final WorkflowClient temporal;
  private final AuditTrail audit;

  public GateDecisions(
      RunRepository runs, GateWaitRepository gates, @Named(TemporalFactory.API) WorkflowClient temporal, AuditTrail audit) {
    this.runs = runs;
    this.gates = gates;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** Pass {@code caller}'s decision on run {@code runId} to its gate; the gate's answer. */
  public GateAnswer decide(HttpRequest<?> request, Caller caller, String runId, DecisionKind kind, String comment) {
    String action = kind == DecisionKind.APPROVE ? "run.approve" : "run.reject";
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("comment", comment);
    try {
      GateAnswer answer = decide(caller, runId, kind, comment);
      detail.put("outcome", answer.outcome());
      detail.put("approvals", answer.approvals());
      detail.put("required", answer.required());
      audit.record(request, caller, action, "run/" + runId, detail, AuditTrail.OK);
      return answer;
    } catch (NotFoundException | WrongStateException | ForbiddenException e) {
      detail.put("refusal", e.getMessage());
      audit.record(request, caller, action, "run/" + runId, detail, AuditTrail.REFUSED);
      throw e;
    }
  }

  private GateAnswer decide(Caller caller, String runId, DecisionKind kind, String comment) {
    RunRecord run = runs.findById(runId).orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
    if (RunState.valueOf(run.state()).isFinal()) {
      throw new WrongStateException("run '" + runId + "' has ended (" + run.state() + "): there is no gate to decide at");
    }
    ModelRunWorkflow workflow = temporal.newWorkflowStub(ModelRunWorkflow.class, run.workflowId());
    RunStatus status = waitingAtTheGate(workflow, run);
    PendingApproval pending = status.pendingApproval();
    String startedBy = run.startedBy() != null ? run.startedBy() : status.startedBy();
    if (!caller.has(pending.role())) {
      throw new ForbiddenException(
          "'" + caller.user() + "' lacks the role '" + pending.role() + "' that the gate of run '" + runId + "' requires");
    }
    if (pending.fourEyes() && caller.user().equals(startedBy)) {
      throw new ForbiddenException(
          "four-eyes: '" + caller.user() + "' started run '" + runId + "' and may not decide at its gate");
    }
    if (kind == DecisionKind.APPROVE && pending.approvedBy().contains(caller.user())) {
      throw new WrongStateException("'" + caller.user() + "' has approved run '" + runId + "' already");
    }
    try {
      DecisionResult result = workflow.decide(new Decision(caller.user(), rolesAtTheGate(caller, pending), kind, comment));
      recordApprovals(runId, result);
      return GateAnswer.of(result);
    } catch (WorkflowUpdateException e) {
      throw new WrongStateException(refusal(e));
    } catch (WorkflowNotFoundException e) {
      throw new WrongStateException("run '" + runId + "' has no live workflow: there is no gate to decide at");
    } catch (RuntimeException e) {
      if (!LiveRuns.unreachable(e)) {
        throw e;
      }
      // the update may have reached the workflow: say so rather than "nothing was changed"
      throw new UnavailableException("Temporal did not answer the decision on run '" + runId + "': it may have been"
          + " taken; the run's gate (GET /v1/runs/" + runId + ", live.pendingApproval) tells", RETRY_AFTER, e);
    }
  }

  /**
   * Move the registry's approvals of the gate forward, for the listing of waiting runs. The
   * decision is taken already, so a registry that fails here does not fail the answer: the next
   * accepted decision writes the count again.
   */
  private void recordApprovals(String runId, DecisionResult result) {
    if (result.approvals() == 0) {
      return;
    }
    try {
      gates.approved(runId, result.approvals(), SpecJson.write(result.approvedBy()));
    } catch (DataAccessException e) {
      LOG.warn("run {}: the gate's decision was taken, but the registry did not record its approvals", runId, e);
    }
  }

  private static RunStatus waitingAtTheGate(ModelRunWorkflow workflow, RunRecord run) {
    RunStatus status;
    try {
      status = workflow.status();
    } catch (WorkflowNotFoundException e) {
      throw new WrongStateException("run '" + run.runId() + "' has no live workflow: there is no gate to decide at");
    } catch (RuntimeException e) {
      if (!LiveRuns.unreachable(e)) {
        throw e;
      }
      throw new UnavailableException("Temporal is unreachable: nothing was decided at the gate of run '" + run.runId() + "'",
          RETRY_AFTER, e);
    }
    if (status == null || status.pendingApproval() == null) {
      String where = status == null ? run.stage() : status.stage() + ", " + status.state();
      throw new WrongStateException(
          "run '" + run.runId() + "' is not waiting for a decision at the gate (" + where.toLowerCase() + ")");
    }
    return status;
  }

  /** The caller's roles as the gate reads them: an admin holds every role, the gate's too. */
  private static Set<String> rolesAtTheGate(Caller caller, PendingApproval pending) {
    Set<String> roles = new HashSet<>(caller.roles());
    if (caller.has(pending.role())) {
      roles.add(pending.role());
    }
    return roles;
  }

  /** The validator's reason, without the SDK's wrapping. */
  private static String refusal(WorkflowUpdateException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        return failure.getOriginalMessage();
      }
    }
    return e.getMessage();
  }
}
