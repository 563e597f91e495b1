package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.spec.PipelineSpec;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What starts a model run: the validated spec, its version digest, the resolved parameters (every
 * declared parameter, defaults filled), who started it, which code built it, and what started it
 * ({@code trigger}: null reads as {@link RunTrigger#api()}, so the inputs of runs started before
 * runs recorded their trigger read as api; normalising here changes no workflow command), and what
 * the run may spend ({@code budget}: the pipeline's {@code budget.run} or the lower one the start
 * asked for; null: no limit), in the configured currency.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInput(
    String runId,
    PipelineSpec spec,
    String pipelineVersion,
    Map<String, Object> params,
    String startedBy,
    String codeVersion,
    RunTrigger trigger,
    BigDecimal budget) {
  public RunInput {
    params = params == null ? Map.of() : Map.copyOf(params);
    trigger = trigger == null ? RunTrigger.api() : trigger;
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
