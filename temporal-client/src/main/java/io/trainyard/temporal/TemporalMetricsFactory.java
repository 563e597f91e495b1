package io.trainyard.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.MetricsTag;
import jakarta.inject.Singleton;

/**
 * The metrics scope {@link TemporalFactory} puts on the service stubs when the application has a
 * Micrometer registry: the SDK's own metrics (workers, pollers, schedule-to-start latencies,
 * failures) and what workflow code emits through {@code Workflow.getMetricsScope()} reach the
 * registry, and so {@code /prometheus}, through the SDK's Micrometer reporter. Closed on shutdown,
 * after the stubs that use it.
 */
@Factory
@Requires(beans = MeterRegistry.class)
public class TemporalMetricsFactory {
  /** How often tally hands what it buffered to Micrometer: well inside any scrape interval. */
  static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(1);

  @Singleton
  @Bean(preDestroy = "close")
  Scope temporalMetricsScope(MeterRegistry registry) {
    return new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry)).reportEvery(REPORT_EVERY);
  }

  /**
   * The SDK tags its request metrics of workflow updates with {@code update_name}, those of other
   * calls not; Prometheus wants one set of label keys per name and Micrometer drops whichever
   * comes second (all other requests, when an update came first). Without the label both count.
   */
  @Singleton
  MeterFilter oneLabelSetPerTemporalMetric() {
    return MeterFilter.ignoreTags(MetricsTag.UPDATE_NAME);
  }
}
