package io.trainyard.api.run;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a run to its end from an activity (a schedule's action, a dataset trigger): long polls of
 * its workflow's result, heartbeating between them; then how the registry says it ended.
 */
@Singleton
public class RunEnds {
  private static final long POLL_SECONDS = 20;

  private final RunRepository runs;
  private final WorkflowClient temporal;

  public RunEnds(RunRepository runs, WorkflowClient temporal) {
    this.runs = runs;
    this.temporal = temporal;
  }

  /** The run's final state ({@code SUCCEEDED}, {@code REJECTED}, ...), once its workflow has ended. */
  public String await(String runId, String workflowId) {
    WorkflowStub workflow = temporal.newUntypedWorkflowStub(workflowId);
    while (true) {
      try {
        workflow.getResult(POLL_SECONDS, TimeUnit.SECONDS, Object.class);
        break;
      } catch (TimeoutException stillRunning) {
        Activity.getExecutionContext().heartbeat(null);
      } catch (WorkflowNotFoundException gone) {
        return RunState.ABANDONED.name();
      } catch (WorkflowException ended) {
        break; // failed, cancelled or terminated: the registry says how the run ended
      }
    }
    return runs.findById(runId).map(RunRecord::state).orElse(RunState.ABANDONED.name());
  }
}
