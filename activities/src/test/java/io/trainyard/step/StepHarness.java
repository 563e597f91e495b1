package io.trainyard.step;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@link StepActivitiesImpl} built by hand over a temporary home, run through Temporal's test activity environment. */
final class StepHarness implements AutoCloseable {
  final TrainyardHome home;
  final ArtifactStore store;
  final InMemoryJournal journal = new InMemoryJournal();
  final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  final StepActivities activities;

  StepHarness(Path homeDir, List<BuiltinStep> builtins) {
    home = TrainyardHome.at(homeDir);
    store = new ArtifactStore(home);
    environment.registerActivitiesImplementations(
        new StepActivitiesImpl(
            home,
            store,
            new StepCache(home, store),
            new BuiltinExecutor(builtins),
            new LocalProcessExecutor(),
            journal));
    activities =
        environment.newActivityStub(
            StepActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @Override
  public void close() {
    environment.close();
  }
}
