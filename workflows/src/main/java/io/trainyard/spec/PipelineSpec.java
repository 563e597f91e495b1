package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated pipeline document ({@code apiVersion: trainyard.io/v1, kind: Pipeline}); {@code schedule}
 * and {@code budget} are null when the document declares none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(
    String apiVersion,
    String kind,
    PipelineMetadata metadata,
    ModelSpec model,
    Map<String, ParameterSpec> parameters,
    List<StepSpec> prepare,
    List<StepSpec> train,
    List<StepSpec> evaluate,
    GateSpec gate,
    RolloutSpec rollout,
    // left out of the JSON when absent, so that a pipeline without a schedule keeps its version
    @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleSpec schedule,
    // likewise when empty
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TriggerSpec> triggers,
    // left out when absent, so that a pipeline without a budget keeps its version
    @JsonInclude(JsonInclude.Include.NON_NULL) BudgetSpec budget) {

  public static final String API_VERSION = "trainyard.io/v1";
  public static final String KIND = "Pipeline";

  public PipelineSpec {
    parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
    prepare = prepare == null ? List.of() : List.copyOf(prepare);
    train = train == null ? List.of() : List.copyOf(train);
    evaluate = evaluate == null ? List.of() : List.copyOf(evaluate);
    gate = gate == null ? GateSpec.NONE : gate;
    rollout = rollout == null ? RolloutSpec.DIRECT_LOCAL : rollout;
    triggers = triggers == null ? List.of() : List.copyOf(triggers);
  }

  /**
   * This pipeline as a reproduction runs it: the step cache off, and each step named in {@code
   * pinnedImages} in the image digest its original ran in.
   */
  public PipelineSpec reproduced(Map<String, String> pinnedImages) {
    return new PipelineSpec(apiVersion, kind, metadata, model, parameters, reproduced(prepare, pinnedImages),
        reproduced(train, pinnedImages), reproduced(evaluate, pinnedImages), gate, rollout, schedule, triggers, budget);
  }

  private static List<StepSpec> reproduced(List<StepSpec> steps, Map<String, String> pinnedImages) {
    return steps.stream().map(step -> step.reproduced(pinnedImages.get(step.name()))).toList();
  }

  /** The subscription to a dataset, if the pipeline has one. */
  public Optional<TriggerSpec> trigger(String dataset) {
    return triggers.stream().filter(t -> t.dataset().equals(dataset)).findFirst();
  }

  /** The label that files the pipeline's runs under a team in cost totals: {@code metadata.labels.team}. */
  public static final String TEAM_LABEL = "team";

  /** The team the pipeline's runs are filed under (its {@value #TEAM_LABEL} label), or null. */
  public String team() {
    return metadata == null ? null : metadata.labels().get(TEAM_LABEL);
  }

  /** What one run may spend, or null. */
  public BigDecimal runBudget() {
    return budget == null ? null : budget.run();
  }

  /** The pipeline's name, from {@code metadata.name}. */
  public String name() {
    return metadata.name();
  }

  /** Every step of the three step stages, in stage order. */
  public List<StepSpec> allSteps() {
    List<StepSpec> all = new ArrayList<>(prepare);
    all.addAll(train);
    all.addAll(evaluate);
    return all;
  }

  /** The step with this name, in any stage. */
  public Optional<StepSpec> step(String stepName) {
    return allSteps().stream().filter(s -> s.name().equals(stepName)).findFirst();
  }
}
