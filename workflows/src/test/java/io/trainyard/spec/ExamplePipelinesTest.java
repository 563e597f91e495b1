package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example pipeline in the repository is valid: documentation that the build runs. */
class ExamplePipelinesTest {
  private static final Path EXAMPLES = Path.of("../examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void everyExamplePipelineMatchesTheSchemaAndParses() throws IOException {
    List<Path> pipelines = pipelines();
    assertThat(pipelines).as("example pipelines under %s", EXAMPLES.toAbsolutePath().normalize()).isNotEmpty();

    for (Path file : pipelines) {
      String text = Files.readString(file);
      PipelineParser parser = PipelineParserTest.parser(file.getParent());
      assertThat(PipelineSchema.validate(YAML.readTree(text))).as("schema errors in %s", file).isEmpty();
      assertThatCode(() -> parser.parse(text, file.toString())).as("parsing %s", file).doesNotThrowAnyException();
    }
  }

  private static List<Path> pipelines() throws IOException {
    if (!Files.isDirectory(EXAMPLES)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(ExamplePipelinesTest::isPipeline)
          .sorted()
          .toList();
    }
  }

  private static boolean isPipeline(Path file) {
    try {
      JsonNode document = YAML.readTree(file.toFile());
      return document != null && "Pipeline".equals(document.path("kind").asText());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
