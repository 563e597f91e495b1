package io.trainyard.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.model.ProductionModel;
import java.util.List;
import java.util.Map;

/** The gate's rules, the candidate's metrics, and the production version to compare with. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateEvaluation(List<String> rules, Map<String, Double> metrics, ProductionModel production) {
  public GateEvaluation {
    rules = rules == null ? List.of() : List.copyOf(rules);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    production = production == null ? ProductionModel.NONE : production;
  }
}
