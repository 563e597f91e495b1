package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** The version at alias {@code production} with its offline metrics; {@code version} is null when none is. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductionModel(ModelVersionRef version, Map<String, Double> metrics) {
  public static final ProductionModel NONE = new ProductionModel(null, Map.of());

  public ProductionModel {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** True when a version serves production. */
  public boolean exists() {
    return version != null;
  }
}
