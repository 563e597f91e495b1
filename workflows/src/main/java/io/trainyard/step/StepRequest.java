package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import java.util.Map;

/**
 * One step to execute: its spec, its inputs resolved to artifacts, the run's parameters and the
 * step's {@code with} settings with {@code ${params.*}} already substituted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepRequest(
    String runId,
    Stage stage,
    StepSpec spec,
    Map<String, ArtifactRef> inputs,
    Map<String, Object> params,
    Map<String, String> with) {
  public StepRequest {
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    params = params == null ? Map.of() : Map.copyOf(params);
    with = with == null ? Map.of() : Map.copyOf(with);
  }
}
