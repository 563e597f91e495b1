package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.spec.PipelineSpec;
import java.util.Map;

/**
 * What starts a model run: the validated spec, its version digest, the resolved parameters (every
 * declared parameter, defaults filled), who started it and which code built it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInput(
    String runId,
    PipelineSpec spec,
    String pipelineVersion,
    Map<String, Object> params,
    String startedBy,
    String codeVersion) {
  public RunInput {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** The workflow id of this run: {@code run-<pipeline>-<id>}. */
  public String workflowId() {
    return workflowId(spec.name(), runId);
  }

  /** The workflow id of a run of a pipeline. */
  public static String workflowId(String pipelineName, String runId) {
    return "run-" + pipelineName + "-" + runId;
  }
}
