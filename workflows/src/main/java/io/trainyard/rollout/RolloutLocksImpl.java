package io.trainyard.rollout;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;

/**
 * {@link RolloutLocks} over the worker's own Temporal client. It talks to nothing but Temporal, so
 * it lives beside the lock workflow and the orchestration tests run it for real.
 */
public class RolloutLocksImpl implements RolloutLocks {
  private final int continueAfterEvents;

  /** Locks that continue as new at their default history length. */
  public RolloutLocksImpl() {
    this(0);
  }

  /** Locks this activity starts continue as new after {@code continueAfterEvents} history events. */
  public RolloutLocksImpl(int continueAfterEvents) {
    this.continueAfterEvents = continueAfterEvents;
  }

  @Override
  public void request(SlotRequest request) {
    WorkflowClient client = Activity.getExecutionContext().getWorkflowClient();
    RolloutLockWorkflow lock = client.newWorkflowStub(
        RolloutLockWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(request.lockId()).setTaskQueue(request.taskQueue()).build());
    BatchRequest signalWithStart = client.newSignalWithStartRequest();
    signalWithStart.add(lock::hold, RolloutLockState.empty(continueAfterEvents));
    signalWithStart.add(lock::request, request);
    client.signalWithStart(signalWithStart);
  }

  @Override
  public boolean running(String workflowId) {
    WorkflowClient client = Activity.getExecutionContext().getWorkflowClient();
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException gone) {
      return false;
    }
  }
}
