package io.trainyard.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.RunWorkflowOptions;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts a run's workflow and follows it to its end, printing each stage change as it happens. */
final class RunWatcher {
  private final WorkflowClient client;
  private final PrintStream progress;
  private final StageProgress stages;
  private boolean waitingShown;
  private RunStatus last;

  RunWatcher(WorkflowClient client, PrintStream progress) {
    this.client = client;
    this.progress = progress;
    this.stages = new StageProgress(progress::println);
  }

  /** Start the run and wait for its end; returns its final status. */
  RunStatus startAndFollow(RunInput input) {
    // the run's workflow id is this invocation's idempotency key: a start the client sends again
    // (its answer lost) finds the workflow the first one started instead of starting a second
    ModelRunWorkflow run = client.newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
    try {
      WorkflowClient.start(run::run, input);
    } catch (WorkflowExecutionAlreadyStarted startedBefore) {
      // an earlier try of this start got through: follow the one run
    }
    progress.printf("run %s of %s started (workflow %s)%n", input.runId(), input.spec().name(), input.workflowId());
    return follow(input.workflowId());
  }

  /** Wait for a run's end, printing progress; returns its final status. */
  RunStatus follow(String workflowId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    while (true) {
      try {
        RunStatus done = stub.getResult(500, TimeUnit.MILLISECONDS, RunStatus.class);
        show(done, workflowId);
        return done;
      } catch (TimeoutException stillRunning) {
        try {
          show(stub.query("status", RunStatus.class), workflowId);
        } catch (RuntimeException notAnsweredYet) {
          // the first workflow task may not have run yet; the next poll asks again
        }
      } catch (WorkflowFailedException e) {
        RunStatus failed = finalStatus(e);
        show(failed, workflowId);
        return failed;
      } catch (WorkflowNotFoundException gone) {
        if (last == null) {
          throw gone;
        }
        RunStatus abandoned = last.endedAs(RunState.ABANDONED, LocalStack.LOST_WORKFLOW, System.currentTimeMillis());
        show(abandoned, workflowId);
        return abandoned;
      } catch (WorkflowServiceException e) {
        if (!unreachable(e)) {
          throw e;
        }
        if (!waitingShown) {
          waitingShown = true;
          progress.println("  (the Temporal server does not answer; waiting for it to come back, Ctrl-C stops watching)");
        }
        pause();
      }
    }
  }

  private static boolean unreachable(WorkflowServiceException e) {
    return e.getCause() instanceof StatusRuntimeException grpc
        && (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED);
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Temporal server", e);
    }
  }

  private RunStatus finalStatus(WorkflowFailedException e) {
    if (e.getCause() instanceof ApplicationFailure app && app.getDetails() != null) {
      RunStatus status = app.getDetails().get(RunStatus.class);
      if (status != null) {
        return status;
      }
    }
    RunState state = e.getCause() instanceof CanceledFailure ? RunState.CANCELLED : RunState.FAILED;
    if (last == null) {
      throw e;
    }
    return last.endedAs(state, e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), System.currentTimeMillis());
  }

  private void show(RunStatus status, String workflowId) {
    if (status == null) {
      return;
    }
    last = status;
    stages.status(status);
    if (status.stage() == Stage.ROLLOUT) {
      showRollout(RolloutWorkflow.idFor(workflowId));
    }
  }

  private void showRollout(String rolloutId) {
    try {
      stages.rollout(client.newWorkflowStub(RolloutWorkflow.class, rolloutId).status());
    } catch (RuntimeException noCanary) {
      // a direct rollout has no child workflow
    }
  }
}
