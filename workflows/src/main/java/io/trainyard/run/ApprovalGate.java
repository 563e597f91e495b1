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
 */
final class ApprovalGate {
  private final ApprovalPolicy policy;
  private final String startedBy;
  private final Set<String> approvedBy = new LinkedHashSet<>();
  private boolean open;
  private String rejectedBy;
  private String rejectComment;
  private long deadline;

  ApprovalGate(ApprovalPolicy policy, String startedBy) {
    this.policy = policy;
    this.startedBy = startedBy;
  }

  /** The outcome of waiting: approved, and why. */
  record Outcome(boolean approved, String reason) {}

  /** Wait for the decisions; returns how the gate settled. */
  Outcome await(RunProgress progress) {
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

  /** Apply a validated decision. */
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
