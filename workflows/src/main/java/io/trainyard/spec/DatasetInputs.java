package io.trainyard.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A spec's {@code ${dataset.NAME}} step inputs replaced, when its run starts, by the URI of a version
 * of that dataset, so that the run's workflow sees plain data inputs like any other.
 */
public final class DatasetInputs {
  private DatasetInputs() {}

  /** The dataset names a spec's step inputs read, in step order. */
  public static List<String> names(PipelineSpec spec) {
    return spec.allSteps().stream().flatMap(step -> step.inputs().values().stream())
        .map(Reference::whole).flatMap(Optional::stream)
        .filter(ref -> ref.kind() == Reference.Kind.DATASET).map(Reference::name).distinct().toList();
  }

  /**
   * The spec with each {@code ${dataset.NAME}} input replaced by {@code uris.apply(NAME)}; a name
   * without a URI (no version) is a {@link SpecValidationException} naming every input at fault.
   */
  public static PipelineSpec resolve(PipelineSpec spec, Function<String, Optional<String>> uris) {
    if (names(spec).isEmpty()) {
      return spec;
    }
    List<SpecError> errors = new ArrayList<>();
    List<List<StepSpec>> stages = new ArrayList<>();
    String[] stageNames = {"prepare", "train", "evaluate"};
    List<List<StepSpec>> given = List.of(spec.prepare(), spec.train(), spec.evaluate());
    for (int s = 0; s < given.size(); s++) {
      List<StepSpec> resolved = new ArrayList<>();
      for (int i = 0; i < given.get(s).size(); i++) {
        StepSpec step = given.get(s).get(i);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, String> input : step.inputs().entrySet()) {
          Optional<Reference> dataset = Reference.whole(input.getValue()).filter(r -> r.kind() == Reference.Kind.DATASET);
          if (dataset.isEmpty()) {
            inputs.put(input.getKey(), input.getValue());
            continue;
          }
          Optional<String> uri = uris.apply(dataset.get().name());
          if (uri.isEmpty()) {
            errors.add(new SpecError(FieldPath.field(FieldPath.field(FieldPath.index(stageNames[s], i), "inputs"), input.getKey()),
                null, "dataset '" + dataset.get().name() + "' has no version to read: push one (POST /v1/datasets/"
                    + dataset.get().name() + "/versions)"));
          } else {
            inputs.put(input.getKey(), uri.get());
          }
        }
        resolved.add(new StepSpec(step.name(), step.run(), step.image(), step.command(), inputs, step.outputs(),
            step.hardware(), step.retries(), step.timeout(), step.heartbeat(), step.cache(), step.with(), step.secrets()));
      }
      stages.add(resolved);
    }
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
    return new PipelineSpec(spec.apiVersion(), spec.kind(), spec.metadata(), spec.model(), spec.parameters(),
        stages.get(0), stages.get(1), stages.get(2), spec.gate(), spec.rollout(), spec.schedule(), spec.triggers(), spec.budget());
  }
}
