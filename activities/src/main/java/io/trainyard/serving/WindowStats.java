package io.trainyard.serving;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * What one model version served during one measurement window: requests, errors, labelled
 * requests and correct predictions, and the latency of successful requests (an HdrHistogram in
 * microseconds, so p95 stays accurate and memory bounded however many requests arrive).
 */
final class WindowStats {

  private static final int SIGNIFICANT_DIGITS = 3;

  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder labelled = new LongAdder();
  private final LongAdder correct = new LongAdder();
  private final SynchronizedHistogram latencyMicros = new SynchronizedHistogram(SIGNIFICANT_DIGITS);

  void success(long latencyNanos, String label, String predicted) {
    requests.increment();
    latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
    if (label != null) {
      labelled.increment();
      if (label.equals(predicted)) {
        correct.increment();
      }
    }
  }

  void error() {
    requests.increment();
    errors.increment();
  }

  /** The statistics by name; {@code accuracy} only when some requests carried a label. */
  Map<String, Double> snapshot() {
    Map<String, Double> stats = new LinkedHashMap<>();
    double total = requests.sum();
    double failed = errors.sum();
    stats.put("requests", total);
    stats.put("errors", failed);
    stats.put("error_rate", total == 0 ? 0 : failed / total);
    synchronized (latencyMicros) {
      boolean measured = latencyMicros.getTotalCount() > 0;
      stats.put("latency_p95_ms", measured ? latencyMicros.getValueAtPercentile(95) / 1_000.0 : 0);
      stats.put("latency_mean_ms", measured ? latencyMicros.getMean() / 1_000.0 : 0);
    }
    double withLabel = labelled.sum();
    stats.put("labelled", withLabel);
    if (withLabel > 0) {
      stats.put("accuracy", correct.sum() / withLabel);
    }
    return stats;
  }
}
