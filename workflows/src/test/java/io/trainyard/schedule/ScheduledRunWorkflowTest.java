package io.trainyard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.spec.ScheduleOverlap;
import io.trainyard.spec.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A schedule's action: one run started with the action's key, followed to its end; cancel-other cancels the run. */
class ScheduledRunWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(ActivityPolicies.workflowImplementationOptions(), ScheduledRunWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  private static final ScheduleSpec EVERY_HOUR =
      new ScheduleSpec(null, "1h", null, null, null, ScheduleOverlap.CANCEL_OTHER, null, Map.of("epochs", 30), null, null);

  private final FakeScheduleActivities activities = new FakeScheduleActivities();
  private WorkflowClient client;
  private WorkflowOptions options;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    this.env = env;
    this.client = client;
    this.options = options;
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void startsOneRunWithTheActionsKeyAndEndsWithIt() {
    activities.endState = "SUCCEEDED";
    Instant before = Instant.ofEpochMilli(env.currentTimeMillis());

    String state = workflow().run(new ScheduledRun("trainyard-churn", "churn", EVERY_HOUR));

    assertThat(state).isEqualTo("SUCCEEDED");
    assertThat(activities.starts).hasSize(1);
    ScheduledStart start = activities.starts.get(0);
    assertThat(start.scheduleId()).isEqualTo("trainyard-churn");
    assertThat(start.pipeline()).isEqualTo("churn");
    assertThat(start.params()).containsEntry("epochs", 30);
    // started by hand here (no schedule sets TemporalScheduledStartTime): the workflow's own start time
    assertThat(start.scheduledAt()).isBetween(before.minusSeconds(1), before.plusSeconds(5));
    assertThat(start.idempotencyKey()).isEqualTo("schedule:trainyard-churn:" + start.scheduledAt());
    assertThat(activities.cancelled).isEmpty();
  }

  @Test
  void aCancelledActionCancelsItsRunAndEndsWhenTheRunHasEnded() throws Exception {
    activities.blockUntilCancelled = true;
    ScheduledRunWorkflow workflow = workflow();
    WorkflowClient.start(workflow::run, new ScheduledRun("trainyard-churn", "churn", EVERY_HOUR));
    assertThat(activities.awaiting.await(30, TimeUnit.SECONDS)).as("the action follows its run").isTrue();

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(activities.cancelled).containsExactly(new StartedRun("r1", "run-churn-r1"));
    assertThat(activities.awaits).as("followed before the cancel and after it, to the run's end").isEqualTo(2);
  }

  private ScheduledRunWorkflow workflow() {
    return client.newWorkflowStub(ScheduledRunWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(options.getTaskQueue()).setWorkflowId("trainyard-churn-" + System.nanoTime())
            .setWorkflowExecutionTimeout(Duration.ofHours(2)).build());
  }

  /** Records the starts and cancels; its run ends at once, or (blockUntilCancelled) only once it was cancelled. */
  static final class FakeScheduleActivities implements ScheduleActivities {
    final List<ScheduledStart> starts = new CopyOnWriteArrayList<>();
    final List<StartedRun> cancelled = new CopyOnWriteArrayList<>();
    final CountDownLatch awaiting = new CountDownLatch(1);
    volatile String endState = "CANCELLED";
    volatile boolean blockUntilCancelled;
    volatile int awaits;
    private final CountDownLatch runEnded = new CountDownLatch(1);

    @Override
    public StartedRun startRun(ScheduledStart start) {
      starts.add(start);
      return new StartedRun("r" + starts.size(), "run-" + start.pipeline() + "-r" + starts.size());
    }

    @Override
    public String awaitEnd(StartedRun run) {
      awaits++;
      awaiting.countDown();
      // the real activity long-polls the run's result and heartbeats between polls: a cancelled
      // action's heartbeat throws, and a later call returns once the run has ended
      while (blockUntilCancelled) {
        try {
          if (runEnded.await(100, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        Activity.getExecutionContext().heartbeat(null);
      }
      return endState;
    }

    @Override
    public void cancelRun(StartedRun run) {
      cancelled.add(run);
      runEnded.countDown();
    }
  }
}
