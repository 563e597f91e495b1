package io.trainyard.serving;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Answer of {@code POST /v1/models/{name}/predict}: who answered ({@code canary|stable}) and what. */
@Serdeable
public record PredictionResponse(
    String model, int version, String role, String prediction, Map<String, Double> scores) {

  static PredictionResponse of(Prediction prediction) {
    return new PredictionResponse(
        prediction.model(),
        prediction.version(),
        prediction.role().wireName(),
        prediction.prediction(),
        prediction.scores());
  }
}
