package io.trainyard.run;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import io.trainyard.failure.FailureTypes;
import io.trainyard.spec.StepSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Every {@link ActivityOptions} Trainyard uses, in one place: step options come from the step's
 * spec (retries, timeout, heartbeat, hardware queue); control activities get theirs through {@link
 * #workflowImplementationOptions()} at registration, so workflow code creates their stubs without
 * options.
 */
public final class ActivityPolicies {

  private static final String[] NON_RETRYABLE = {
    FailureTypes.STEP_MISCONFIGURED,
    FailureTypes.STEP_NON_RETRYABLE,
    FailureTypes.MISSING_OUTPUT,
    FailureTypes.DIGEST_MISMATCH,
    FailureTypes.NOT_ALLOWED
  };

  /**
   * Registry writes and reads retry until the database is back; each is short. Bad input to a
   * control activity ({@link IllegalArgumentException}, naming the field) does not heal by retrying.
   */
  private static final ActivityOptions CONTROL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .setDoNotRetry(concat(NON_RETRYABLE, IllegalArgumentException.class.getName()))
                  .build())
          .build();

  /** Replaying labelled traffic takes a while and reports progress. */
  private static final ActivityOptions REPLAY =
      ActivityOptions.newBuilder(CONTROL)
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setCancellationType(ActivityCancellationType.TRY_CANCEL)
          .build();

  /**
   * Following a scheduled run to its end: a long poll that heartbeats; an attempt that ends (the API
   * process stopped, or the hour passed) is retried, at no cost to the history, until the run ends.
   */
  private static final ActivityOptions AWAIT_RUN =
      ActivityOptions.newBuilder(CONTROL)
          .setStartToCloseTimeout(Duration.ofHours(1))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setCancellationType(ActivityCancellationType.TRY_CANCEL)
          .build();

  private ActivityPolicies() {}

  private static String[] concat(String[] types, String more) {
    String[] all = Arrays.copyOf(types, types.length + 1);
    all[types.length] = more;
    return all;
  }

  /** Options for one step on its first hardware class. */
  public static ActivityOptions forStep(StepSpec step) {
    return forStep(step, step.primaryHardware());
  }

  /**
   * Options for one step on one of its hardware classes: that class's queue and the step's retry
   * and timeout policy (each class the run tries gets the step's retries).
   */
  public static ActivityOptions forStep(StepSpec step, String hardwareClass) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.forHardware(hardwareClass))
        .setStartToCloseTimeout(step.timeoutDuration())
        .setHeartbeatTimeout(step.heartbeatDuration())
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(step.retries() + 1)
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setDoNotRetry(NON_RETRYABLE)
                .build())
        .build();
  }

  /**
   * Options for one step on one of its hardware classes, with the summary the Web UI shows for the
   * activity: {@code train on gpu-a100}, and {@code (attempts from 2)} when the step moved on from an
   * unschedulable class and numbers its attempts on. Runs started before the Web UI story use {@link
   * #forStep(StepSpec, String)}.
   */
  public static ActivityOptions forStep(StepSpec step, String hardwareClass, int firstAttempt) {
    return ActivityOptions.newBuilder(forStep(step, hardwareClass))
        .setSummary(step.name() + " on " + hardwareClass + (firstAttempt > 1 ? " (attempts from " + firstAttempt + ")" : ""))
        .build();
  }

  /** Defaults for the control activities of both workflows; pass to worker registration. */
  public static WorkflowImplementationOptions workflowImplementationOptions() {
    return WorkflowImplementationOptions.newBuilder()
        .setDefaultActivityOptions(CONTROL)
        .setActivityOptions(Map.of("Rollout.Replay", REPLAY, "Schedule.AwaitEnd", AWAIT_RUN, "Dataset.AwaitEnd", AWAIT_RUN))
        .build();
  }
}
