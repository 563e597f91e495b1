package io.trainyard.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data-arrival triggers against the real Temporal dev server: a burst of pushes within the debounce
 * starts one run, on the newest version, which it reads through {@code ${dataset.NAME}}; a digest a
 * model of the pipeline was trained on starts nothing and the push says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetTriggersApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata:
        name: fed
        description: Copies the pushed data into the model; one run per burst of pushes.
      model:
        name: fed-model
        artifact: ${steps.train.outputs.model}
      triggers:
        - {dataset: events, debounce: 3s}
      prepare:
        - name: prepare
          run: "cp \\"$TRAINYARD_INPUT_DATA\\" \\"$TRAINYARD_OUTPUT_DIR/data\\""
          inputs: {data: "${dataset.events}"}
          outputs: [data]
      train:
        - name: train
          run: "mkdir -p \\"$TRAINYARD_OUTPUT_DIR/model\\" && cp \\"$TRAINYARD_INPUT_DATA\\" \\"$TRAINYARD_OUTPUT_DIR/model/weights\\""
          inputs: {data: "${steps.prepare.outputs.data}"}
          outputs: [model]
      rollout:
        strategy: direct
      """;

  private ApiTestStack stack;
  private String operator;

  @BeforeAll
  void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    stack.http().exchange(HttpRequest.POST("/v1/pipelines", PIPELINE).contentType("application/yaml").bearerAuth(operator), String.class);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  void aBurstStartsOneRunOnTheNewestAndADigestTrainedOnStartsNothing() throws Exception {
    List<String> digests = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path data = data("events-" + i + ".csv", "x,y\n" + i + "," + (i * 2) + "\n");
      digests.add(sha256(data));
      JsonNode pushed = send(HttpRequest.POST("/v1/datasets/events/versions",
          Map.of("uri", data.toUri().toString(), "digest", digests.get(i - 1))));
      assertThat(pushed.get("version").asInt()).isEqualTo(i);
      assertThat(pushed.get("triggers")).singleElement().satisfies(t -> {
        assertThat(t.get("pipeline").asText()).isEqualTo("fed");
        assertThat(t.get("outcome").asText()).isEqualTo("queued");
      });
    }

    JsonNode run = await().atMost(Duration.ofSeconds(90)).until(() -> runs(), r -> r.size() == 1 && r.get(0).get("state").asText().equals("SUCCEEDED")).get(0);
    assertThat(run.get("trigger").get("kind").asText()).isEqualTo("dataset");
    assertThat(run.get("trigger").get("dataset").asText()).isEqualTo("events");
    assertThat(run.get("trigger").get("datasetVersion").asInt()).as("the newest of the burst").isEqualTo(3);
    assertThat(run.get("trigger").get("digest").asText()).isEqualTo(digests.get(2));
    assertThat(run.get("startedBy").asText()).isEqualTo("trainyard-scheduler");
    JsonNode model = send(HttpRequest.GET("/v1/models/fed-model/versions/1"));
    assertThat(model.get("trigger").get("digest").asText()).as("the lineage names the data version").isEqualTo(digests.get(2));
    assertThat(model.get("dataDigests").toString()).as("the run read version 3's file")
        .contains(digests.get(2).substring("sha256:".length()));
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> runs().size() == 1);

    // the newest version again: a model was trained on its digest, so nothing starts, and the push says so
    JsonNode again = send(HttpRequest.POST("/v1/datasets/events/versions",
        Map.of("uri", data("events-3.csv", "x,y\n3,6\n").toUri().toString(), "digest", digests.get(2))));
    assertThat(again.get("version").asInt()).isEqualTo(3);
    assertThat(again.get("triggers")).singleElement().satisfies(t -> {
      assertThat(t.get("outcome").asText()).isEqualTo("skipped");
      assertThat(t.get("detail").asText()).contains("fed-model version 1").contains(digests.get(2));
    });
  }

  @Test
  void aRunOfAPipelineReadingADatasetWithoutVersionsIsRefusedNamingTheInput() {
    String reader = PIPELINE.replace("name: fed\n", "name: reader\n").replace("name: fed-model", "name: reader-model")
        .replace("${dataset.events}", "${dataset.nothing-yet}").replace("- {dataset: events, debounce: 3s}", "- {dataset: nothing-yet}");
    stack.http().exchange(HttpRequest.POST("/v1/pipelines", reader).contentType("application/yaml").bearerAuth(operator), String.class);

    HttpClientResponseException refused = catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.POST("/v1/runs", Map.of("pipeline", "reader"))));

    assertThat(refused.getStatus().getCode()).isEqualTo(422);
    assertThat(refused.getResponse().getBody(String.class).orElseThrow())
        .contains("prepare[0].inputs.data").contains("dataset 'nothing-yet' has no version");
  }

  private List<JsonNode> runs() {
    List<JsonNode> runs = new ArrayList<>();
    send(HttpRequest.GET("/v1/runs?pipeline=fed")).get("items").forEach(runs::add);
    return runs;
  }

  private Path data(String name, String text) throws IOException {
    return Files.writeString(Files.createDirectories(stack.home().resolve("data")).resolve(name), text);
  }

  private static String sha256(Path file) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private JsonNode send(MutableHttpRequest<?> request) {
    try {
      String body = stack.http().retrieve(request.bearerAuth(operator), String.class);
      return JSON.readTree(body == null ? "{}" : body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
