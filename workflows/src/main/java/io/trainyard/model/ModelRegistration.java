package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import java.util.Map;

/**
 * A candidate model to register as a new version, with its lineage: the run, the pipeline
 * version, the digests of the data it was trained on, its parameters and metrics, the code version.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelRegistration(
    String runId,
    String model,
    ArtifactRef artifact,
    String pipelineName,
    String pipelineVersion,
    Map<String, String> dataDigests,
    Map<String, Object> params,
    Map<String, Double> metrics,
    String codeVersion) {
  public ModelRegistration {
    dataDigests = dataDigests == null ? Map.of() : Map.copyOf(dataDigests);
    params = params == null ? Map.of() : Map.copyOf(params);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
