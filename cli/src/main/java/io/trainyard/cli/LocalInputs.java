package io.trainyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a pipeline file's literal input paths absolute {@code file:} URIs, relative to the file's
 * folder, so that a worker anywhere reads the same data. References and URIs stay as they are.
 */
public final class LocalInputs {
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
        s.timeout(), s.heartbeat(), s.cache(), s.with(), s.secrets());
  }

  /**
   * The same for a pipeline document about to be sent to a server, which cannot see the file's
   * folder: the text unchanged when it has no local input path, else the document with those paths
   * made absolute (re-serialised, so comments are lost).
   */
  public static String absolutize(String text, Path baseDir, boolean json) throws IOException {
    ObjectMapper mapper = json ? new ObjectMapper() : new YAMLMapper();
    JsonNode document = mapper.readTree(text);
    boolean changed = false;
    for (String stage : List.of("prepare", "train", "evaluate")) {
      for (JsonNode step : document.path(stage)) {
        if (step.path("inputs") instanceof ObjectNode inputs) {
          for (Map.Entry<String, JsonNode> input : List.copyOf(inputs.properties())) {
            if (input.getValue().isTextual() && Reference.isLocalPath(input.getValue().asText())) {
              inputs.put(input.getKey(), absolute(input.getValue().asText(), baseDir));
              changed = true;
            }
          }
        }
      }
    }
    return changed ? mapper.writeValueAsString(document) : text;
  }

  private static String absolute(String value, Path baseDir) {
    if (!Reference.isLocalPath(value)) {
      return value;
    }
    return baseDir.resolve(value).toAbsolutePath().normalize().toUri().toString();
  }
}
