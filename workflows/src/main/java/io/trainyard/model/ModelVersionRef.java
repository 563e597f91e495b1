package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;

/** A registered model version: model name, version number and the artifact that holds it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersionRef(String model, int version, ArtifactRef artifact) {
  /** {@code name:version}, as people write it. */
  public String label() {
    return model + ":" + version;
  }
}
