package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import java.util.Map;

/**
 * What a step produced: each declared output stored and digested, the metrics it wrote to {@code
 * metrics.json}, the attempt that succeeded, and whether the result came from the cache.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepResult(
    Map<String, ArtifactRef> outputs, Map<String, Double> metrics, int attempt, boolean cached) {
  public StepResult {
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
