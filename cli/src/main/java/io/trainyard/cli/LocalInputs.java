package io.trainyard.cli;

import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a pipeline file's literal input paths absolute {@code file:} URIs, relative to the file's
 * folder, so that a worker anywhere reads the same data. References and URIs stay as they are.
 */
final class LocalInputs {
  private LocalInputs() {}

  static PipelineSpec absolutize(PipelineSpec spec, Path baseDir) {
    return new PipelineSpec(
        spec.apiVersion(), spec.kind(), spec.metadata(), spec.model(), spec.parameters(),
        steps(spec.prepare(), baseDir), steps(spec.train(), baseDir), steps(spec.evaluate(), baseDir),
        spec.gate(), spec.rollout());
  }

  private static List<StepSpec> steps(List<StepSpec> steps, Path baseDir) {
    return steps.stream().map(s -> step(s, baseDir)).toList();
  }

  private static StepSpec step(StepSpec s, Path baseDir) {
    Map<String, String> inputs = new LinkedHashMap<>();
    s.inputs().forEach((name, value) -> inputs.put(name, absolute(value, baseDir)));
    return new StepSpec(
        s.name(), s.run(), s.image(), s.command(), inputs, s.outputs(), s.hardware(), s.retries(),
        s.timeout(), s.heartbeat(), s.cache(), s.with());
  }

  private static String absolute(String value, Path baseDir) {
    if (!Reference.all(value).isEmpty() || value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return value;
    }
    return baseDir.resolve(value).toAbsolutePath().normalize().toUri().toString();
  }
}
