package io.trainyard.tabular;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The preprocessing the serving side applies before the model ({@code serving.json} in a model
 * bundle): the feature names in the order the model expects, the label column, the scaling and,
 * for {@code standard} scaling, its statistics.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServingSpec(List<String> features, String label, Scaling scaling, Scaler scaler) {
  public ServingSpec {
    features = List.copyOf(features);
    if (scaling == Scaling.STANDARD && scaler == null) {
      throw new IllegalArgumentException("serving.json: scaling 'standard' needs 'scaler' statistics");
    }
  }
}
