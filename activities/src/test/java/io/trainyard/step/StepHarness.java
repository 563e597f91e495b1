package io.trainyard.step;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.spec.InputRoots;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link StepActivitiesImpl} built by hand over a temporary home, run through Temporal's test
 * activity environment; with the local executors, or with another one (such as Kubernetes) running
 * every step.
 */
public final class StepHarness implements AutoCloseable {
  /** The code version of the harness's worker, the version of its builtins in their lineage. */
  public static final String CODE_VERSION = "harness-1";
  /** The hourly price of the harness's {@code cpu} class. */
  public static final BigDecimal CPU_PRICE = new BigDecimal("3.60");
  /** The classes of a harness that is given none: {@code cpu} at {@link #CPU_PRICE} an hour (1 ms costs 0.000001). */
  public static final HardwareClasses CPU_ONLY = new HardwareClasses(List.of(new HardwareClass(
      "cpu", null, null, null, null, null, null, 0, HardwareClass.DEFAULT_GPU_RESOURCE, null, null, null, null, false, CPU_PRICE)));

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
    this(homeDir, builtins, executor, CPU_ONLY);
  }

  /** The same, with these hardware classes. */
  public StepHarness(Path homeDir, List<BuiltinStep> builtins, StepExecutor executor, HardwareClasses classes) {
    this(homeDir, builtins, executor, InputRoots.of(homeDir, List.of(homeDir.toAbsolutePath().getParent().toString())), classes);
  }

  /** The same, with these input roots. */
  public StepHarness(Path homeDir, List<BuiltinStep> builtins, StepExecutor executor, InputRoots inputRoots) {
    this(homeDir, builtins, executor, inputRoots, CPU_ONLY);
  }

  /** The same, with these input roots and hardware classes. */
  public StepHarness(
      Path homeDir, List<BuiltinStep> builtins, StepExecutor executor, InputRoots inputRoots, HardwareClasses classes) {
    home = TrainyardHome.at(homeDir);
    store = new ArtifactStore(home);
    BuiltinExecutor builtin = new BuiltinExecutor(builtins, CODE_VERSION);
    LocalProcessExecutor local = new LocalProcessExecutor(home);
    StepExecutors executors = executor == null
        ? new StepExecutors(List.of(builtin, local), builtin, local, StepExecutors.LOCAL)
        : new StepExecutors(List.of(builtin, local, executor), builtin, local, executor.name());
    environment.registerActivitiesImplementations(
        new StepActivitiesImpl(
            home, store, new StepCache(home, store), executors,
            new AttemptRecorder(journal, Duration.ofMillis(250), new StepMetrics(Optional.empty())), inputRoots, classes,
            new StepTracer(Optional.empty())));
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
