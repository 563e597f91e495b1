package io.trainyard.api.run;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.trainyard.api.problem.UnavailableException;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runs' workflows on Temporal: start one exactly once per workflow id, ask one for its status,
 * read its history, cancel one. Temporal not answering becomes {@link UnavailableException} (503, retry later).
 */
@Singleton
public class LiveRuns {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final WorkflowClient client;

  public LiveRuns(@Named(TemporalFactory.API) WorkflowClient client) {
    this.client = client;
  }

  /**
   * Start the run's workflow unless a workflow with its id was ever started: the reuse policy
   * refuses a second start even after the first has closed, and "already started" is success.
   *
   * <p>A start whose answer did not come back (gRPC UNAVAILABLE or a deadline, after the client's
   * retries) may still have started the workflow, so its outcome is asked for by the workflow id:
   * found is success; {@link UnavailableException} says either that nothing started (Temporal does
   * not have the workflow) or, when Temporal cannot be asked either, that the run may have started.
   */
  public void start(RunInput input) {
    ModelRunWorkflow workflow = client.newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
    try {
      WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // a retry of the same start, or the other side of a race: the workflow runs once either way
    } catch (RuntimeException e) {
      if (!unreachable(e)) {
        throw e;
      }
      Optional<Boolean> started = exists(input.workflowId());
      if (started.isEmpty()) {
        throw new UnavailableException("Temporal did not answer whether run " + input.runId() + " started: it may have;"
            + " if it did, GET /v1/runs/" + input.runId() + " shows it once Temporal answers, and a retry with the same"
            + " Idempotency-Key starts it at most once", RETRY_AFTER, e);
      }
      if (!started.get()) {
        throw new UnavailableException(
            "Temporal did not answer the start of run " + input.runId() + " and has no such workflow; nothing was started",
            RETRY_AFTER, e);
      }
    }
  }

  /**
   * Whether Temporal has a workflow of this id (in any state); empty when it cannot be asked. The
   * start's gRPC deadline travels with the call and the server drops a call past it, so a start
   * that Temporal does not have by now is not expected to land later.
   */
  private Optional<Boolean> exists(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).describe();
      return Optional.of(true);
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Optional.of(false);
      }
      if (unreachable(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The workflow's status query, with the canary's live progress while it rolls out; empty when
   * Temporal has no such workflow (any more) or cannot answer the query yet.
   */
  public Optional<RunStatus> status(String workflowId) {
    try {
      RunStatus status = client.newWorkflowStub(ModelRunWorkflow.class, workflowId).status();
      return Optional.of(status.stage() == Stage.ROLLOUT ? withCanary(status, workflowId) : status);
    } catch (WorkflowException e) {
      // not found, not ready for queries yet, or the query failed: no live status, unless Temporal is down
      if (unreachable(e)) {
        throw unavailable(e);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  private RunStatus withCanary(RunStatus status, String workflowId) {
    try {
      return status.withRollout(client.newWorkflowStub(RolloutWorkflow.class, RolloutWorkflow.idFor(workflowId)).status());
    } catch (WorkflowException noCanary) {
      // a direct rollout has no child workflow, or it has just ended: the run's own status says enough
      return status;
    }
  }

  /** The workflow's history, oldest event first; empty when Temporal has no workflow of that id (any more). */
  public Optional<List<RunHistoryEvent>> history(String workflowId) {
    try {
      return Optional.of(client.fetchHistory(workflowId).getEvents().stream()
          .map(event -> HistoryEvents.of(event, client.getOptions().getDataConverter())).toList());
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw unavailableOr(e);
    }
  }

  /** Request cancellation; false when Temporal has no running workflow of that id. */
  public boolean cancel(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).cancel();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  private static RuntimeException unavailableOr(RuntimeException e) {
    return unreachable(e) ? unavailable(e) : e;
  }

  private static UnavailableException unavailable(Throwable e) {
    return new UnavailableException("Temporal is unreachable: " + e.getMessage(), RETRY_AFTER, e);
  }

  /** Temporal has no such workflow (or schedule): said by the client, or by gRPC's NOT_FOUND. */
  public static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException) {
        return true;
      }
    }
    return grpcCode(e).filter(Status.Code.NOT_FOUND::equals).isPresent();
  }

  /** Whether gRPC says Temporal did not answer (UNAVAILABLE, or a deadline: the call may have been carried out). */
  public static boolean unreachable(Throwable e) {
    return grpcCode(e).filter(code -> code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED).isPresent();
  }

  /** The code of the first gRPC failure among the causes (the client wraps it in WorkflowException). */
  private static Optional<Status.Code> grpcCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return Optional.of(grpc.getStatus().getCode());
      }
    }
    return Optional.empty();
  }
}
