package io.trainyard.step;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.spec.InputRoots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link StepActivitiesImpl} built by hand over a temporary home, run through Temporal's test
 * activity environment; with the local executors, or with another one (such as Kubernetes) running
 * every step.
 */
public final class StepHarness implements AutoCloseable {
  public final TrainyardHome home;
  public final ArtifactStore store;
  public final InMemoryJournal journal = new InMemoryJournal();
  public final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  public final StepActivities activities;

  public StepHarness(Path homeDir, List<BuiltinStep> builtins) {
    this(homeDir, builtins, null);
  }

  /**
   * A harness whose steps all run on {@code executor}; the local executors when null. Steps read
   * inputs from the home's parent folder (where tests write them), never from the home itself.
   */
  public StepHarness(Path homeDir, List<BuiltinStep> builtins, StepExecutor executor) {
    this(homeDir, builtins, executor, InputRoots.of(homeDir, List.of(homeDir.toAbsolutePath().getParent().toString())));
  }

  /** The same, with these input roots. */
  public StepHarness(Path homeDir, List<BuiltinStep> builtins, StepExecutor executor, InputRoots inputRoots) {
    home = TrainyardHome.at(homeDir);
    store = new ArtifactStore(home);
    BuiltinExecutor builtin = new BuiltinExecutor(builtins);
    LocalProcessExecutor local = new LocalProcessExecutor(home);
    StepExecutors executors = executor == null
        ? new StepExecutors(List.of(builtin, local), builtin, local, StepExecutors.LOCAL)
        : new StepExecutors(List.of(builtin, local, executor), builtin, local, executor.name());
    environment.registerActivitiesImplementations(
        new StepActivitiesImpl(
            home, store, new StepCache(home, store), executors, new AttemptRecorder(journal, Duration.ofMillis(250)),
            inputRoots));
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
