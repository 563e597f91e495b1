package io.trainyard.step;

import io.micronaut.context.annotation.Value;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.StepState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records step attempts in the {@link AttemptJournal} off the step's critical path. An attempt's
 * start is written once it has run for {@code trainyard.journal.start-delay} (250 ms by default),
 * by a background writer; an attempt that ends sooner is written once, at its end, start and end in
 * one row. So a short step pays for one registry write instead of two, and a long one shows as
 * running a quarter of a second after it began.
 *
 * <p>The end is always written before the activity returns. The price: an attempt whose worker dies
 * within the delay leaves no row (its failure is still in the workflow's history, and the next
 * attempt is journalled as usual). A delay of zero writes every start at once, in the step's thread.
 *
 * <p>The attempt's queue and run times go to {@link StepMetrics} at the same two moments.
 */
@Singleton
public class AttemptRecorder {
  public static final String START_DELAY = "trainyard.journal.start-delay";

  private static final Logger LOG = LoggerFactory.getLogger(AttemptRecorder.class);

  private final AttemptJournal journal;
  private final Duration startDelay;
  private final ScheduledThreadPoolExecutor writer;
  private final StepMetrics stepMetrics;

  public AttemptRecorder(
      AttemptJournal journal, @Value("${" + START_DELAY + ":250ms}") Duration startDelay, StepMetrics metrics) {
    if (startDelay.isNegative()) {
      throw new IllegalArgumentException(START_DELAY + " is " + startDelay + ": expected zero or more");
    }
    this.journal = journal;
    this.startDelay = startDelay;
    this.stepMetrics = metrics;
    this.writer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "trainyard-attempt-journal");
      thread.setDaemon(true);
      return thread;
    });
    writer.setRemoveOnCancelPolicy(true);
  }

  /** {@link #started(AttemptStarted)}, for an attempt that waited {@code queueMillis} on its task queue. */
  public Recording started(AttemptStarted start, long queueMillis) {
    stepMetrics.queued(start, queueMillis);
    return started(start);
  }

  /** The attempt began: its start is written now (no delay) or after the delay, unless it ended by then. */
  public Recording started(AttemptStarted start) {
    Recording recording = new Recording(start);
    if (startDelay.isZero()) {
      recording.writeStart();
    } else {
      recording.pendingStart = writer.schedule(recording::writeStart, startDelay.toNanos(), TimeUnit.NANOSECONDS);
    }
    return recording;
  }

  /** What the ended attempts of a run cost so far, as the journal has them. */
  public BigDecimal spent(String runId) {
    return journal.spent(runId);
  }

  @PreDestroy
  void close() {
    writer.shutdownNow();
  }

  /** One attempt being recorded: its end is written with the same identity as its start. */
  public final class Recording {
    private final AttemptStarted start;
    /** Whoever comes first, the start writer or the end, decides whether the start is written on its own. */
    private final AtomicBoolean decided = new AtomicBoolean();
    /** Completes when the start is written (true) or could not be (false). */
    private final CompletableFuture<Boolean> startWritten = new CompletableFuture<>();
    private volatile Future<?> pendingStart;

    private Recording(AttemptStarted start) {
      this.start = start;
    }

    private void writeStart() {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      boolean written = false;
      try {
        journal.started(start);
        written = true;
      } catch (RuntimeException e) {
        if (startDelay.isZero()) {
          throw e;
        }
        // the end writes the whole row instead
        LOG.warn("could not journal the start of attempt {} of step '{}' in run {}: {}",
            start.attempt(), start.step(), start.runId(), e.toString());
      } finally {
        startWritten.complete(written);
      }
    }

    /**
     * The attempt ended: written before this returns, in one row with its start if that is not
     * written yet. An end never overtakes a start write in flight.
     */
    public void finished(
        StepState state,
        Integer exitCode,
        String error,
        Map<String, Double> metrics,
        Map<String, ArtifactRef> outputs,
        boolean cached,
        AttemptCost cost,
        StepTime time,
        StepRuntime runtime) {
      AttemptFinished end = new AttemptFinished(
          start.runId(), start.step(), start.attempt(), state, exitCode, error, metrics, outputs, cached,
          System.currentTimeMillis(), cost, time, runtime);
      stepMetrics.ran(start, state, cached, end.atMillis());
      if (decided.compareAndSet(false, true)) {
        Future<?> pending = pendingStart;
        if (pending != null) {
          pending.cancel(false);
        }
        journal.recorded(start, end);
      } else if (!startWritten.join()) {
        journal.recorded(start, end);
      } else {
        journal.finished(end);
      }
    }
  }
}
