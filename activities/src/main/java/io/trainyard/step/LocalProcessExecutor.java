package io.trainyard.step;

import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.failure.FailureTypes;
import io.trainyard.spec.SecretReference;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a step as a child process of the worker: {@code run} through {@code /bin/sh -c}, or {@code
 * command} exec'd directly, with the step contract and the step's secrets as environment, in the
 * attempt's working directory, output appended to the attempt's log. Heartbeats while it runs; stops
 * the process tree (TERM, then KILL after a grace period) when the activity is cancelled or its
 * heartbeat fails.
 */
@Singleton
public class LocalProcessExecutor implements StepExecutor {

  /** How long a stopped step gets between TERM and KILL. */
  static final Duration GRACE = Duration.ofSeconds(TetheredCommand.GRACE_SECONDS);

  private static final int TAIL_LINES = 20;

  private final TrainyardHome home;

  public LocalProcessExecutor(TrainyardHome home) {
    this.home = home;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public ExecutionOutcome execute(StepLaunch launch) {
    Process process = start(launch);
    int exit = awaitExit(launch, process);
    if (exit != 0) {
      throw ApplicationFailure.newFailure(
          "step '" + launch.step() + "' attempt " + launch.attempt() + " exited with code " + exit
              + "; last lines of " + launch.paths().logFile() + ":\n" + LogTail.of(launch.paths().logFile(), TAIL_LINES),
          STEP_FAILED,
          exit);
    }
    return new ExecutionOutcome(exit);
  }

  /** The argv a step runs: {@code /bin/sh -c run}, or its {@code command} list. */
  static List<String> argv(StepLaunch launch) {
    var spec = launch.spec();
    if (spec.image() != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + spec.name() + "' names image '" + spec.image() + "': image steps need a worker with "
              + StepExecutors.PROPERTY + "=kubernetes, this one runs steps locally",
          FailureTypes.STEP_MISCONFIGURED);
    }
    if (spec.run() != null && !spec.run().isBlank()) {
      return List.of("/bin/sh", "-c", spec.run());
    }
    if (!spec.command().isEmpty()) {
      return spec.command();
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "step '" + spec.name() + "' has neither run nor command: nothing to execute",
        FailureTypes.STEP_MISCONFIGURED);
  }

  /**
   * The values of the step's secrets, each read from {@code secrets/<secret>/<key>} under the home
   * as it is (like a Kubernetes Secret's key, a trailing newline is part of the value). They go to
   * the child's environment only: no message or log carries a value.
   */
  private Map<String, String> secrets(StepLaunch launch, Map<String, String> contract) {
    Map<String, String> values = new TreeMap<>();
    new TreeMap<>(launch.spec().secrets()).forEach((variable, reference) -> {
      String secret = "step '" + launch.step() + "': secret " + variable;
      if (contract.containsKey(variable) || variable.startsWith("TRAINYARD_")) {
        throw misconfigured(secret + " would replace a step contract variable");
      }
      SecretReference ref;
      try {
        ref = SecretReference.parse(reference);
      } catch (IllegalArgumentException e) {
        throw misconfigured(secret + ": " + e.getMessage());
      }
      Path file = home.secrets().resolve(ref.secret()).resolve(ref.key());
      try {
        values.put(variable, Files.readString(file));
      } catch (NoSuchFileException e) {
        throw misconfigured(secret + " (" + ref + ") expects the file " + file
            + ": put the value there, one file per key as in a Kubernetes Secret mounted as a volume");
      } catch (IOException e) {
        throw misconfigured(secret + " (" + ref + ") cannot be read from " + file + ": " + e.getClass().getSimpleName());
      }
    });
    return values;
  }

  private static ApplicationFailure misconfigured(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.STEP_MISCONFIGURED);
  }

  private Process start(StepLaunch launch) {
    List<String> argv = argv(launch);
    Map<String, String> contract = ContractEnvironment.of(launch);
    Map<String, String> secrets = secrets(launch, contract);
    ProcessBuilder builder = TetheredCommand.processBuilder(argv);
    Map<String, String> env = builder.environment();
    // the worker's own TRAINYARD_* settings are not the step's business, nor a stale trace parent
    env.keySet().removeIf(k -> k.startsWith("TRAINYARD_") || k.equals("TRACEPARENT"));
    env.putAll(secrets);
    env.putAll(contract);
    Path log = launch.paths().logFile();
    builder
        .directory(launch.paths().workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      Process process = builder.start();
      launch.runningTime().start();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start step '" + launch.step() + "'", e);
    }
  }

  private static int awaitExit(StepLaunch launch, Process process) {
    long started = System.nanoTime();
    long every = launch.heartbeatInterval().toMillis();
    try {
      while (!process.waitFor(every, TimeUnit.MILLISECONDS)) {
        launch.heartbeat().accept(progress(launch, process, started));
      }
      return process.exitValue();
    } catch (ActivityCompletionException e) {
      stop(process);
      throw e;
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          "step '" + launch.step() + "' was interrupted", STEP_FAILED, e);
    } catch (RuntimeException e) {
      stop(process);
      throw e;
    } finally {
      launch.runningTime().stop();
      closeQuietly(process);
    }
  }

  private static StepProgress progress(StepLaunch launch, Process process, long started) {
    long logBytes;
    try {
      logBytes = Files.size(launch.paths().logFile());
    } catch (IOException e) {
      logBytes = -1;
    }
    return new StepProgress(
        launch.step(), launch.attempt(), process.pid(), (System.nanoTime() - started) / 1_000_000, logBytes);
  }

  /** TERM the process and all its descendants, then KILL whatever still runs after the grace period. */
  static void stop(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (Exception stillRunning) {
        handle.destroyForcibly();
      }
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the wrapper is gone already: nothing left to tell it
    }
  }
}
