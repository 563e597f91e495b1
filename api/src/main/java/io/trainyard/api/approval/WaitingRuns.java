package io.trainyard.api.approval;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.PendingApproval;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.StageStatus;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs waiting for a decision. The registry narrows the search to runs waiting for approval
 * and, for runs whose workflow predates recording that state, live runs at the gate; each run's
 * {@code status} query says whether it waits and for what.
 */
@Singleton
public class WaitingRuns {
  private static final List<String> LIVE = List.of(RunState.RUNNING.name(), RunState.WAITING_APPROVAL.name());

  private final RunRepository runs;
  private final WorkflowClient temporal;

  public WaitingRuns(RunRepository runs, @Named(TemporalFactory.API) WorkflowClient temporal) {
    this.runs = runs;
    this.temporal = temporal;
  }

  /** Every run waiting at its gate, longest waiting first. */
  public ApprovalList list() {
    List<WaitingApproval> waiting = runs.findByStateIn(LIVE).stream()
        .filter(run -> Stage.GATE.name().equals(run.stage()) || RunState.WAITING_APPROVAL.name().equals(run.state()))
        .map(this::waiting)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(WaitingApproval::waitingSince, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    return new ApprovalList(waiting);
  }

  private Optional<WaitingApproval> waiting(RunRecord run) {
    RunStatus status;
    try {
      status = temporal.newWorkflowStub(ModelRunWorkflow.class, run.workflowId()).status();
    } catch (WorkflowException e) {
      // the workflow ended or vanished since the registry was read: it waits for nobody
      return Optional.empty();
    }
    if (status == null || status.pendingApproval() == null) {
      return Optional.empty();
    }
    PendingApproval pending = status.pendingApproval();
    return Optional.of(new WaitingApproval(
        run.runId(), run.pipeline(), run.model(),
        run.startedBy() != null ? run.startedBy() : status.startedBy(),
        gateEntered(status),
        pending.role(), pending.required(), pending.approvedBy().size(), pending.approvedBy(),
        status.metrics()));
  }

  private static Instant gateEntered(RunStatus status) {
    return status.stages().stream()
        .filter(s -> s.stage() == Stage.GATE && s.startedAtMillis() > 0)
        .map(StageStatus::startedAtMillis)
        .findFirst()
        .map(Instant::ofEpochMilli)
        .orElse(null);
  }
}
