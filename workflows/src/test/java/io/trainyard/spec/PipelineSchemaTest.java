package io.trainyard.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PipelineSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode example() throws IOException {
    return YAML.readTree(PipelineParserTest.resource("breast-cancer.yaml"));
  }

  @Test
  void acceptsTheExamplePipeline() throws IOException {
    assertThat(PipelineSchema.validate(example())).isEmpty();
  }

  @Test
  void rejectsUnknownFieldsAtEveryLevel() throws IOException {
    JsonNode document = example();
    ((ObjectNode) document).put("retrain", "daily");
    ((ObjectNode) document.path("train").path(0)).put("gpu", true);
    ((ObjectNode) document.path("rollout").path("analysis")).put("maxRequests", 10);

    assertThat(PipelineSchema.validate(document))
        .extracting(SpecError::field, SpecError::message)
        .containsExactlyInAnyOrder(
            tuple("retrain", "unknown field 'retrain'"),
            tuple("train[0].gpu", "unknown field 'gpu'"),
            tuple("rollout.analysis.maxRequests", "unknown field 'maxRequests'"));
  }

  @Test
  void rejectsWrongTypesEnumsAndRanges() throws IOException {
    JsonNode document = example();
    ((ObjectNode) document.path("train").path(0)).put("retries", -1);
    ((ObjectNode) document.path("rollout")).put("strategy", "blue-green");
    ((ObjectNode) document.path("rollout").path("steps").path(0)).put("traffic", 101);
    ((ObjectNode) document.path("parameters").path("epochs")).put("default", "twenty");

    assertThat(PipelineSchema.validate(document))
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder(
            "train[0].retries", "rollout.strategy", "rollout.steps[0].traffic", "parameters.epochs.default");
  }

  @Test
  void checksSecretNamesAtTheirKeyAndSecretReferences() throws IOException {
    JsonNode document = example();
    ObjectNode secrets = ((ObjectNode) document.path("train").path(0)).putObject("secrets");
    secrets.put("WANDB_API_KEY", "wandb/api-key");
    secrets.put("wandb_key", "wandb/api-key");
    secrets.put("TRAINYARD_TOKEN", "api/token");
    secrets.put("TRACEPARENT", "trace/parent");
    secrets.put("NO_KEY", "wandb");
    secrets.put("DOTS", "wandb/..");
    secrets.put("UPPER", "Wandb/key");

    assertThat(PipelineSchema.validate(document))
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder(
            "train[0].secrets.wandb_key", "train[0].secrets.TRAINYARD_TOKEN", "train[0].secrets.TRACEPARENT",
            "train[0].secrets.NO_KEY", "train[0].secrets.DOTS", "train[0].secrets.UPPER");
    assertThat(PipelineSchema.validate(document))
        .filteredOn(e -> e.field().equals("train[0].secrets.wandb_key"))
        .singleElement()
        .extracting(SpecError::message)
        .asString()
        .startsWith("'wandb_key' is not a valid name here: An environment variable name");
  }
}
