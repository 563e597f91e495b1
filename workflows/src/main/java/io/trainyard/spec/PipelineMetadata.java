package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** The pipeline's identity: a DNS-style name, a description and free labels. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineMetadata(String name, String description, Map<String, String> labels) {
  public PipelineMetadata {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
