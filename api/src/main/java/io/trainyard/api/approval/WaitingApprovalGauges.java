package io.trainyard.api.approval;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs waiting for people, as gauges read from the registry at each scrape of {@code /prometheus}:
 * {@code trainyard_approvals_waiting} (how many) and {@code trainyard_approvals_oldest_age_seconds}
 * (how long the longest has waited, 0 when none waits). Every process that serves the API (workers
 * too, in the image's one application) reports the same figures: aggregate them with {@code max},
 * not {@code sum}.
 */
@Singleton
public class WaitingApprovalGauges implements MeterBinder {
  private final GateWaitRepository gates;

  public WaitingApprovalGauges(GateWaitRepository gates) {
    this.gates = gates;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("trainyard.approvals.waiting", gates, GateWaitRepository::countWaiting)
        .description("Runs waiting at their gate for approvals")
        .register(registry);
    Gauge.builder("trainyard.approvals.oldest.age", this, WaitingApprovalGauges::oldestAgeSeconds)
        .description("How long the run waiting longest for approvals has waited")
        .baseUnit("seconds")
        .register(registry);
  }

  private double oldestAgeSeconds() {
    List<GateWaitRecord> oldest = gates.waiting(Instant.EPOCH, "", 1);
    return oldest.isEmpty() ? 0 : Duration.between(oldest.get(0).waitingSince(), Instant.now()).toMillis() / 1000.0;
  }
}
