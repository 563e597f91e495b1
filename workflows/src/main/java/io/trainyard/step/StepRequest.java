package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One step to execute: its spec, its inputs resolved to artifacts, the run's parameters, the
 * step's {@code with} settings with {@code ${params.*}} already substituted, the hardware class
 * this activity runs on (one of the spec's, in fallback order) and the number of its first attempt
 * (attempts continue across classes, so each attempt keeps its own Job, directory and log), the
 * run's budget (null: none), which the attempt stops at, and the run's pipeline and model (what its
 * traces and logs are labelled with; null in requests recorded before they were sent).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepRequest(
    String runId,
    Stage stage,
    StepSpec spec,
    Map<String, ArtifactRef> inputs,
    Map<String, Object> params,
    Map<String, String> with,
    String hardware,
    int firstAttempt,
    BigDecimal budget,
    String pipeline,
    String model) {
  public StepRequest {
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    params = params == null ? Map.of() : Map.copyOf(params);
    with = with == null ? Map.of() : Map.copyOf(with);
    firstAttempt = Math.max(1, firstAttempt);
  }

  /** A request for the step's first hardware class, from its first attempt. */
  public StepRequest(
      String runId,
      Stage stage,
      StepSpec spec,
      Map<String, ArtifactRef> inputs,
      Map<String, Object> params,
      Map<String, String> with) {
    this(runId, stage, spec, inputs, params, with, null, 1, null, null, null);
  }

  /** The hardware class to run on: the one asked for, else the spec's first. */
  public String hardwareClass() {
    return hardware != null ? hardware : spec == null ? null : spec.primaryHardware();
  }
}
