package io.trainyard.serving;

import java.util.Map;

/** One served prediction: which model version answered, in which role, the label and its scores. */
public record Prediction(String model, int version, ServingRole role, String prediction, Map<String, Double> scores) {
  public Prediction {
    scores = Map.copyOf(scores);
  }
}
