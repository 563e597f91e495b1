package io.trainyard.step;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.trainyard.run.RunMetrics;
import io.trainyard.run.StepState;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's overhead per step, in the worker's Micrometer registry: how long each attempt
 * waited on its task queue (scheduled by the workflow to picked up by this worker, from the
 * attempt's own schedule time) against how long it then ran (Prometheus {@code
 * trainyard_step_queue_seconds}, {@code trainyard_step_run_seconds}). Labels: stage, step, hardware
 * class and, for the run time, the outcome; never a run id. Without a registry (tests of this
 * module) the timers go nowhere.
 */
@Singleton
public class StepMetrics {
  public static final String QUEUE = "trainyard.step.queue";
  public static final String RUN = "trainyard.step.run";

  private final MeterRegistry registry;

  public StepMetrics(Optional<MeterRegistry> registry) {
    this.registry = registry.orElseGet(CompositeMeterRegistry::new);
  }

  /** The attempt started after waiting {@code queueMillis} on its task queue ({@link AttemptClock#queueMillis()}). */
  public void queued(AttemptStarted start, long queueMillis) {
    timer(QUEUE, start).register(registry).record(Duration.ofMillis(queueMillis));
  }

  /** The attempt ended at {@code endedAtMillis} in {@code state}; an answer from the step cache is {@code cached}. */
  public void ran(AttemptStarted start, StepState state, boolean cached, long endedAtMillis) {
    timer(RUN, start)
        .tag("outcome", cached ? "cached" : RunMetrics.label(state))
        .register(registry)
        .record(Duration.ofMillis(Math.max(0, endedAtMillis - start.atMillis())));
  }

  private static Timer.Builder timer(String name, AttemptStarted start) {
    return Timer.builder(name)
        .tag("stage", RunMetrics.label(start.stage()))
        .tag("step", start.step())
        .tag("hardware", start.hardware());
  }
}
