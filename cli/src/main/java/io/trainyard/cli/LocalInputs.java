package io.trainyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.spec.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes a pipeline file's literal input paths absolute {@code file:} URIs, relative to the file's
 * folder, so that a worker anywhere reads the same data. References and URIs stay as they are.
 */
public final class LocalInputs {
  private LocalInputs() {}

  /**
   * A pipeline document about to be sent to a server, which cannot see the file's folder: the text
   * unchanged when it has no local input path, else the document with those paths made absolute
   * (re-serialised, so comments are lost).
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
    return baseDir.resolve(value).toAbsolutePath().normalize().toUri().toString();
  }
}
