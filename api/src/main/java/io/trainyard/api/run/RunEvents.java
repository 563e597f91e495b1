package io.trainyard.api.run;

import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A run's progress as server-sent events: {@code status} at once and on every change, then
 * {@code end} with the final run, then the stream closes. The run is read about every
 * {@link #POLL} on the blocking executor (the status query and the registry block).
 */
@Singleton
public class RunEvents {
  /** How often the run is read. */
  static final Duration POLL = Duration.ofMillis(500);

  private final RunDetails details;
  private final Scheduler blocking;

  public RunEvents(RunDetails details, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    this.details = details;
    this.blocking = Schedulers.fromExecutorService(executor);
  }

  /** The events of a run the caller knows exists. */
  public Publisher<Event<Object>> of(String runId) {
    return Flux.interval(Duration.ZERO, POLL)
        .onBackpressureDrop()
        .concatMap(tick -> Mono.fromCallable(() -> details.get(runId)).subscribeOn(blocking), 1)
        .takeUntil(Run::ended)
        .distinctUntilChanged(RunEvents::status, Objects::equals)
        .concatMap(run -> run.ended()
            ? Flux.just(Event.<Object>of(status(run)).name("status"), Event.<Object>of(run).name("end"))
            : Flux.just(Event.<Object>of(status(run)).name("status")));
  }

  /** What a status event carries: the workflow's live status while it runs, else where the registry has it. */
  private static Object status(Run run) {
    if (run.live() != null && !run.ended()) {
      return run.live();
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("runId", run.runId());
    status.put("state", run.state());
    status.put("stage", run.stage());
    status.put("message", run.message());
    status.put("metrics", run.metrics());
    return status;
  }
}
