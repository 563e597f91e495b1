package io.trainyard.step;

import io.micronaut.context.annotation.Value;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.failure.FailureTypes;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs {@code builtin:NAME} steps: the {@link BuiltinStep} bean of that name, on the activity's
 * thread, with a background heartbeat while it runs. A cancelled activity interrupts the builtin.
 */
@Singleton
public class BuiltinExecutor implements StepExecutor {

  /** The configuration key of the code version that runs (the CLI sets it from git or the build). */
  public static final String CODE_VERSION = "trainyard.code-version";

  /** The most of a builtin exception's message that its failure repeats. */
  static final int MESSAGE_LIMIT = 200;

  private final Map<String, BuiltinStep> builtins;
  private final String codeVersion;
  private final ScheduledExecutorService heartbeats =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "builtin-heartbeat");
            t.setDaemon(true);
            return t;
          });

  /** {@code codeVersion}: this worker's, the version of its builtins in every attempt's lineage. */
  public BuiltinExecutor(List<BuiltinStep> builtins, @Value("${" + CODE_VERSION + ":unknown}") String codeVersion) {
    this.builtins = byName(builtins);
    this.codeVersion = codeVersion;
  }

  /** Builtins by name, sorted; two of one name are a packaging error. */
  static Map<String, BuiltinStep> byName(List<BuiltinStep> builtins) {
    return builtins.stream()
        .collect(
            Collectors.toMap(
                BuiltinStep::name,
                Function.identity(),
                (a, b) -> {
                  throw new IllegalStateException("two builtin steps are named '" + a.name() + "'");
                },
                TreeMap::new));
  }

  @Override
  public String name() {
    return "builtin";
  }

  /** The names of the builtin steps this worker has, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(builtins.keySet());
  }

  @Override
  public ExecutionOutcome execute(StepLaunch launch) {
    String name = launch.spec().builtinName();
    BuiltinStep builtin = builtins.get(name);
    if (builtin == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + launch.step() + "': unknown builtin '" + name + "'; known builtins: " + builtins.keySet(),
          FailureTypes.STEP_MISCONFIGURED);
    }
    StepContext context =
        new StepContext(
            launch.runId(),
            launch.step(),
            launch.attempt(),
            launch.seed(),
            launch.params(),
            launch.with(),
            launch.inputs(),
            launch.paths().outputDir(),
            launch.paths().checkpointDir(),
            launch.heartbeat());
    log(launch, "builtin:" + name + " attempt " + launch.attempt() + " started");
    Heartbeat beat = new Heartbeat(launch, Thread.currentThread());
    ScheduledFuture<?> schedule =
        heartbeats.scheduleAtFixedRate(
            beat, launch.heartbeatInterval().toMillis(), launch.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    launch.runningTime().start();
    try {
      builtin.run(context);
    } catch (ActivityCompletionException e) {
      throw e;
    } catch (Exception e) {
      beat.rethrowCancellation();
      log(launch, "builtin:" + name + " failed: " + stackTrace(e));
      if (e instanceof ApplicationFailure failure) {
        throw failure;
      }
      throw failure(launch.step(), name, e);
    } finally {
      launch.runningTime().stop();
      schedule.cancel(false);
      beat.stop();
    }
    beat.rethrowCancellation();
    log(launch, "builtin:" + name + " succeeded");
    return new ExecutionOutcome(null, null, StepRuntime.builtin(name, codeVersion));
  }

  /**
   * The failure of a builtin that threw: invalid input fails at once (the same data fails every
   * attempt), anything else is retried. The message carries at most {@value #MESSAGE_LIMIT}
   * characters of the exception's own (whose text may quote what the step read); the attempt's log
   * has the stack trace.
   */
  static ApplicationFailure failure(String step, String builtin, Exception e) {
    String message = "step '" + step + "' (builtin:" + builtin + ") failed: " + e.getClass().getName()
        + (e.getMessage() == null ? "" : ": " + bounded(e.getMessage()));
    return e instanceof InvalidStepInput
        ? ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_DATA)
        : ApplicationFailure.newFailure(message, STEP_FAILED);
  }

  private static String bounded(String text) {
    return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT) + "...";
  }

  /** Heartbeats while a builtin runs; on cancellation interrupts the builtin's thread, never after it stopped. */
  private static final class Heartbeat implements Runnable {
    private final StepLaunch launch;
    private final Thread runner;
    private final long started = System.nanoTime();
    private ActivityCompletionException cancelled;
    private boolean stopped;

    Heartbeat(StepLaunch launch, Thread runner) {
      this.launch = launch;
      this.runner = runner;
    }

    @Override
    public void run() {
      synchronized (this) {
        if (stopped || cancelled != null) {
          return;
        }
      }
      try {
        launch
            .heartbeat()
            .accept(
                new StepProgress(
                    launch.step(), launch.attempt(), 0, (System.nanoTime() - started) / 1_000_000, 0));
      } catch (ActivityCompletionException e) {
        synchronized (this) {
          cancelled = e;
          if (!stopped) {
            runner.interrupt();
          }
        }
      }
    }

    synchronized void stop() {
      stopped = true;
      // an interrupt meant for the builtin must not leak to the next activity on this worker thread
      if (cancelled != null) {
        Thread.interrupted();
      }
    }

    synchronized void rethrowCancellation() {
      if (cancelled != null) {
        throw cancelled;
      }
    }
  }

  private static void log(StepLaunch launch, String line) {
    try {
      Files.writeString(
          launch.paths().logFile(),
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log " + launch.paths().logFile(), e);
    }
  }

  private static String stackTrace(Exception e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  @PreDestroy
  void close() {
    heartbeats.shutdownNow();
  }
}
