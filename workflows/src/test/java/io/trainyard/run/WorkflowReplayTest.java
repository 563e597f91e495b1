package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.trainyard.restore.ModelRestoreWorkflowImpl;
import io.trainyard.rollout.RolloutLockWorkflowImpl;
import io.trainyard.rollout.RolloutWorkflowImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Today's workflow code must replay every recorded history without a non-determinism error. */
class WorkflowReplayTest {
  private static TestWorkflowEnvironment env;
  private static Worker worker;

  @BeforeAll
  static void worker() {
    env = TestWorkflowEnvironment.newInstance();
    worker = env.newWorker("replay");
    worker.registerWorkflowImplementationTypes(
        ActivityPolicies.workflowImplementationOptions(),
        ModelRunWorkflowImpl.class,
        RolloutWorkflowImpl.class,
        ModelRestoreWorkflowImpl.class,
        RolloutLockWorkflowImpl.class);
  }

  @AfterAll
  static void close() {
    env.close();
  }

  static List<Path> histories() throws Exception {
    try (Stream<Path> files = Files.list(Histories.DIR)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(found).as("recorded histories in " + Histories.DIR).isNotEmpty();
      return found;
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replays(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
  }
}
