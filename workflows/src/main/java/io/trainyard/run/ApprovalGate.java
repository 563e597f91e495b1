package io.trainyard.run;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.trainyard.failure.FailureTypes;
import io.trainyard.spec.ApprovalPolicy;
import io.trainyard.spec.TimeoutAction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The human half of the gate: collects approvals by the policy (role, four-eyes, how many) on a
 * durable timer, and settles on approval, on a rejection, or on the policy's timeout action.
 *
 * <p>One decision per required approval: once the policy is met (or a rejection came), the
 * validator refuses every later decision, so the history holds only accepted decisions that
 * counted. That is enough because the SDK (1.38, {@code SyncWorkflow.handleUpdate}) runs each
 * update's validator and then its handler in one workflow thread, to the handler's first block,
 * before the next update's validator, even for updates delivered in the same workflow task; so
 * {@link #apply} must never block, and then every validator sees every decision accepted before it.
 */
final class ApprovalGate {
  /** Change id: a gate whose policy is met refuses further decisions in the validator. */
  static final String ONE_DECISION_PER_GATE = "one-decision-per-gate";

  private final ApprovalPolicy policy;
  private final String startedBy;
  private final Set<String> approvedBy = new LinkedHashSet<>();
  private boolean open;
  private String rejectedBy;
  private String rejectComment;
  private long deadline;
  private boolean closesWhenSettled;

  ApprovalGate(ApprovalPolicy policy, String startedBy) {
    this.policy = policy;
    this.startedBy = startedBy;
  }

  /** The outcome of waiting: approved, and why. */
  record Outcome(boolean approved, String reason) {}

  /** Wait for the decisions; returns how the gate settled. */
  Outcome await(RunProgress progress) {
    closesWhenSettled =
        Workflow.getVersion(ONE_DECISION_PER_GATE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    open = true;
    deadline = Workflow.currentTimeMillis() + policy.timeoutDuration().toMillis();
    progress.setState(RunState.WAITING_APPROVAL);
    progress.setPendingApproval(pending());
    boolean settled = Workflow.await(policy.timeoutDuration(), this::settled);
    open = false;
    progress.setPendingApproval(null);
    progress.setState(RunState.RUNNING);
    if (rejectedBy != null) {
      return new Outcome(false, "rejected by " + rejectedBy + (rejectComment == null ? "" : ": " + rejectComment));
    }
    if (settled) {
      return new Outcome(true, "approved by " + String.join(", ", approvedBy));
    }
    boolean approve = policy.onTimeout() == TimeoutAction.APPROVE;
    return new Outcome(
        approve,
        "no decision within " + policy.timeout() + ": " + (approve ? "approved" : "rejected") + " by the policy");
  }

  /** Throws when this decision is not allowed now; runs in the update's validator. */
  void validate(Decision decision) {
    if (!open) {
      throw notAllowed("the run is not waiting for a decision at the gate");
    }
    if (closesWhenSettled && settled()) {
      throw notAllowed(rejectedBy != null
          ? "the gate has been decided: rejected by " + rejectedBy
          : "the gate has been decided: approved by " + String.join(", ", approvedBy));
    }
    if (decision == null || decision.kind() == null || decision.user() == null || decision.user().isBlank()) {
      throw notAllowed("a decision needs a user and a kind (APPROVE or REJECT)");
    }
    if (!decision.roles().contains(policy.role())) {
      throw notAllowed("user '" + decision.user() + "' lacks the role '" + policy.role() + "' that this gate requires");
    }
    if (decision.kind() == DecisionKind.APPROVE
        && policy.fourEyes()
        && decision.user().equals(startedBy)) {
      throw notAllowed("four-eyes: '" + decision.user() + "' started this run and cannot approve it");
    }
    if (decision.kind() == DecisionKind.APPROVE && approvedBy.contains(decision.user())) {
      throw notAllowed("'" + decision.user() + "' has approved this run already");
    }
  }

  /** Apply a validated decision; never blocks (see the class comment). */
  DecisionResult apply(Decision decision, RunProgress progress) {
    if (decision.kind() == DecisionKind.REJECT) {
      rejectedBy = decision.user();
      rejectComment = decision.comment();
    } else {
      approvedBy.add(decision.user());
      progress.setPendingApproval(pending());
    }
    String outcome =
        rejectedBy != null
            ? DecisionResult.REJECTED
            : approvedBy.size() >= policy.required() ? DecisionResult.APPROVED : DecisionResult.WAITING;
    return new DecisionResult(approvedBy.size(), policy.required(), new ArrayList<>(approvedBy), outcome);
  }

  private boolean settled() {
    return rejectedBy != null || approvedBy.size() >= policy.required();
  }

  private PendingApproval pending() {
    List<String> approvers = new ArrayList<>(approvedBy);
    return new PendingApproval(policy.required(), policy.role(), policy.fourEyes(), approvers, deadline);
  }

  private static ApplicationFailure notAllowed(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.NOT_ALLOWED);
  }
}
