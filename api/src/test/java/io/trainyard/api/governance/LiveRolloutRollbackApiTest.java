package io.trainyard.api.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.Scrape;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rollback asked for while a canary is live goes through the run's {@code rollback} update: the
 * run ends ROLLED_BACK and production keeps the earlier version. Real training on the example's
 * data, with bakes long enough to ask in the middle of one.
 */
class LiveRolloutRollbackApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "breast-cancer-classifier";

  @Test
  void aRollbackDuringTheCanaryRollsTheRunBackAndKeepsProduction() throws Exception {
    try (ApiTestStack stack = ApiTestStack.start(TestDatabases.h2())) {
      String operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
      String spec = stack.examplePipeline().replace("bake: 2s", "bake: 60s");
      send(stack, HttpRequest.POST("/v1/pipelines", spec).contentType("application/yaml").bearerAuth(operator));

      String first = start(stack, operator);
      awaitState(stack, operator, first, "SUCCEEDED");
      String second = start(stack, operator);
      // the run's live status carries the canary's own progress while it bakes
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> {
        JsonNode rollout = get(stack, operator, "/v1/runs/" + second).path("live").path("rollout");
        return "BAKING".equals(rollout.path("phase").asText()) && rollout.path("canaryPercent").asInt() == 20;
      });

      JsonNode answer = send(stack, HttpRequest.POST("/v1/models/" + MODEL + "/rollback",
          Map.of("reason", "a bad feeling about the canary")).bearerAuth(operator));

      assertThat(answer.get("mode").asText()).isEqualTo("live-rollout");
      assertThat(answer.get("runId").asText()).isEqualTo(second);
      JsonNode ended = awaitState(stack, operator, second, "ROLLED_BACK");
      assertThat(ended.get("message").asText()).contains("a bad feeling about the canary");
      JsonNode model = get(stack, operator, "/v1/models/" + MODEL);
      assertThat(model.get("aliases").get("production").asInt())
          .isEqualTo(get(stack, operator, "/v1/runs/" + first).get("modelVersion").asInt());
      // the first version went live directly, the second's canary was rolled back on request
      Scrape.until(stack, scrape -> {
        String ofModel = "model=\"" + MODEL + "\"";
        assertThat(scrape.samples("trainyard_rollouts_total", ofModel, "strategy=\"direct\"", "outcome=\"promoted\"")).isNotEmpty();
        assertThat(scrape.samples("trainyard_rollouts_total", ofModel, "strategy=\"canary\"", "outcome=\"rolled_back\"")).isNotEmpty();
        assertThat(scrape.samples("trainyard_rollbacks_total", ofModel, "reason=\"requested\"")).isNotEmpty();
        assertThat(scrape.samples("trainyard_runs_finished_total", ofModel, "outcome=\"rolled_back\"")).isNotEmpty();
      });
    }
  }

  private static String start(ApiTestStack stack, String token) throws Exception {
    return send(stack, HttpRequest.POST("/v1/runs", Map.of("pipeline", "breast-cancer")).bearerAuth(token)).get("runId").asText();
  }

  private static JsonNode awaitState(ApiTestStack stack, String token, String runId, String state) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
      last[0] = get(stack, token, "/v1/runs/" + runId);
      return state.equals(last[0].path("state").asText());
    });
    return last[0];
  }

  private static JsonNode get(ApiTestStack stack, String token, String path) throws Exception {
    return send(stack, HttpRequest.GET(path).bearerAuth(token));
  }

  private static JsonNode send(ApiTestStack stack, MutableHttpRequest<?> request) throws Exception {
    return JSON.readTree(stack.http().retrieve(request, String.class));
  }
}
