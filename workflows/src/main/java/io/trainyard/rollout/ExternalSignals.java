package io.trainyard.rollout;

import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;

/**
 * Signals between the rollout lock and its requesters (workflow code): a workflow that is no longer
 * running is an answer (the requester left, the lock ended), not a failure of the sender.
 */
final class ExternalSignals {
  private static final String NOT_FOUND =
      SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND.name();

  private ExternalSignals() {}

  /** Send the signal; false when the workflow {@code workflowId} is not running. */
  static boolean send(String workflowId, String signal, Object argument) {
    try {
      Workflow.newUntypedExternalWorkflowStub(workflowId).signal(signal, argument);
      return true;
    } catch (SignalExternalWorkflowException gone) {
      return false;
    } catch (ApplicationFailure failure) {
      // the SDK reports the server's refusal as a failure typed by its cause
      if (NOT_FOUND.equals(failure.getType())) {
        return false;
      }
      throw failure;
    }
  }
}
