package io.trainyard.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.schedule.StartedRun;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pipeline's dataset trigger with time skipping: debounce, digests trained on already, pushes during a run. */
class DatasetTriggerWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(ActivityPolicies.workflowImplementationOptions(), DatasetTriggerWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  private final FakeActivities activities = new FakeActivities();
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
  void aBurstWithinTheDebounceStartsOneRunOnTheNewest() {
    push(arrival(1, "aa"));
    env.sleep(Duration.ofMinutes(3));
    push(arrival(2, "bb"));
    push(arrival(3, "cc"));
    assertThat(activities.starts).as("nothing before the burst's debounce has passed").isEmpty();

    env.sleep(Duration.ofMinutes(8));

    await().atMost(Duration.ofSeconds(10)).until(() -> activities.starts.size() == 1);
    assertThat(activities.starts.get(0).arrival().version()).isEqualTo(3);
    assertThat(activities.starts.get(0).idempotencyKey()).isEqualTo("dataset:churn-events:3");
    assertThat(activities.starts.get(0).pipeline()).isEqualTo("churn");
  }

  @Test
  void aDigestTrainedOnAlreadyStartsNothingAndTheTriggerGoesOn() {
    activities.trainedOn.add("aa");
    push(arrival(1, "aa"));
    env.sleep(Duration.ofMinutes(11));
    await().atMost(Duration.ofSeconds(10)).until(() -> activities.attempts.size() == 1);
    assertThat(activities.awaited).isEmpty();

    push(arrival(2, "bb"));
    env.sleep(Duration.ofMinutes(11));
    await().atMost(Duration.ofSeconds(10)).until(() -> activities.starts.size() == 1);
    assertThat(activities.starts.get(0).arrival().version()).isEqualTo(2);
  }

  @Test
  void aPushDuringARunWaitsBehindIt() {
    activities.runEnds = new CountDownLatch(1);
    push(arrival(1, "aa"));
    // to the debounce's end, no further: time skipping stops while the run is followed (an activity
    // runs), so a longer sleep would go on in real time
    env.sleep(Duration.ofMinutes(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> !activities.awaited.isEmpty());

    push(arrival(2, "bb"));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> activities.starts.size() == 1);

    activities.runEnds.countDown();
    env.sleep(Duration.ofMinutes(11));
    await().atMost(Duration.ofSeconds(10)).until(() -> activities.starts.size() == 2);
    assertThat(activities.starts).extracting(s -> s.arrival().version()).containsExactly(1, 2);
  }

  private static DatasetArrival arrival(int version, String sha) {
    return new DatasetArrival("churn-events", version, "sha256:" + sha, "10m");
  }

  /** What the API does on a push: signal the pipeline's trigger, starting it when it is not running. */
  private void push(DatasetArrival arrival) {
    DatasetTriggerWorkflow trigger = client.newWorkflowStub(DatasetTriggerWorkflow.class,
        WorkflowOptions.newBuilder(options).setWorkflowId(DatasetTriggerState.workflowId("churn")).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(trigger::watch, new DatasetTriggerState("churn", null, null));
    request.add(trigger::arrived, arrival);
    client.signalWithStart(request);
  }

  /** Records starts; a digest in trainedOn starts nothing; runs end at once unless runEnds is set. */
  static final class FakeActivities implements DatasetTriggerActivities {
    final List<DatasetStart> attempts = new CopyOnWriteArrayList<>();
    final List<DatasetStart> starts = new CopyOnWriteArrayList<>();
    final List<StartedRun> awaited = new CopyOnWriteArrayList<>();
    final Set<String> trainedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile CountDownLatch runEnds;

    @Override
    public StartedRun startRun(DatasetStart start) {
      attempts.add(start);
      if (trainedOn.contains(start.arrival().sha256().substring("sha256:".length()))) {
        return null;
      }
      starts.add(start);
      return new StartedRun("r" + starts.size(), "run-churn-r" + starts.size());
    }

    @Override
    public String awaitEnd(StartedRun run) {
      awaited.add(run);
      CountDownLatch ends = runEnds;
      // the real activity long-polls the run and heartbeats between polls
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      try {
        while (ends != null && !ends.await(100, TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the test never ended the run");
          }
          io.temporal.activity.Activity.getExecutionContext().heartbeat(null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return "SUCCEEDED";
    }
  }
}
