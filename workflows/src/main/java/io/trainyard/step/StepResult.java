package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What a step produced: each declared output stored and digested, the metrics it wrote to {@code
 * metrics.json}, the attempt that succeeded, whether the result came from the cache, and the
 * hardware class it ran on (null in results recorded before classes were reported), and what the
 * run had spent once this attempt ended ({@code runSpend}: reported to runs with a budget, else null),
 * and where the attempt's time went ({@code time}: null in results recorded before it was measured).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepResult(
    Map<String, ArtifactRef> outputs,
    Map<String, Double> metrics,
    int attempt,
    boolean cached,
    String hardware,
    BigDecimal runSpend,
    StepTime time) {
  public StepResult {
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** A result without a hardware class (workflow tests' fake steps). */
  public StepResult(Map<String, ArtifactRef> outputs, Map<String, Double> metrics, int attempt, boolean cached) {
    this(outputs, metrics, attempt, cached, null, null, null);
  }
}
