package io.trainyard.temporal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.inject.Singleton;
import java.util.Arrays;

/**
 * A dozen or so fixed histogram buckets for every latency that alerts and the dashboard take
 * quantiles of, instead of Micrometer's seventy-odd percentile buckets (which the Temporal SDK's
 * reporter asks for on each of its timers): 10 ms to 5 minutes for queues, requests and workflow
 * tasks; a tenth of a second (builtin steps) to a day for stages, steps, activities and whole
 * workflows. API latency by route ({@code http.server.requests}) gets the short ones. Other timers
 * keep count, sum and max only.
 */
@Singleton
public class LatencyBuckets implements MeterFilter {
  private static final double[] SHORT = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300);
  private static final double[] LONG =
      seconds(0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600);

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    double[] buckets = id.getType() == Meter.Type.TIMER ? bucketsOf(id.getName()) : null;
    if (buckets == null) {
      return config;
    }
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(false)
        .serviceLevelObjectives(buckets)
        .build()
        .merge(config);
  }

  private static double[] bucketsOf(String name) {
    if (name.equals("trainyard.step.queue") || name.equals("http.server.requests")) {
      return SHORT;
    }
    if (name.startsWith("trainyard.") || name.startsWith("temporal_") && (name.contains("endtoend") || name.contains("activity_execution"))) {
      return LONG;
    }
    return name.startsWith("temporal_") ? SHORT : null;
  }

  /** Seconds as the nanoseconds Micrometer keeps timer buckets in. */
  private static double[] seconds(double... values) {
    return Arrays.stream(values).map(s -> s * 1e9).toArray();
  }
}
