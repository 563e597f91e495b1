package io.trainyard.api.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.model.AliasEventRecord;
import io.trainyard.model.AliasEventRepository;
import io.trainyard.model.Aliases;
import io.trainyard.registry.TestDatabases;
import io.trainyard.rollout.AnalysisResult;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.rollout.RolloutWorkflow;
import io.trainyard.rollout.TrafficSplit;
import io.trainyard.serving.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Canary rollouts on the real stack (Temporal over gRPC, the worker, serving, H2): five runs of
 * one model reaching rollout together roll out one at a time, and a canary whose split the serving
 * target lost (as a restarted worker does) gets its traffic back instead of rolling back.
 */
class CanaryRolloutsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "breast-cancer-classifier";
  /**
   * Runs started together: more than two, so that a run can queue behind another waiting run and not
   * only behind the holder; each one more adds a canary of its own (two bakes, two analyses) to the
   * test's time, one after the other.
   */
  private static final int RUNS = 5;

  @Test
  void fiveRunsOfOneModelRollOutOneAtATimeEachAgainstTheOneBefore() throws Exception {
    try (ApiTestStack stack = ApiTestStack.start(TestDatabases.h2())) {
      String operator = register(stack, "1s");

      Map<String, String> workflowIds = startTogether(stack, operator);
      for (String runId : workflowIds.keySet()) {
        JsonNode run = awaitEnd(stack, operator, runId);
        assertThat(run.path("state").asText()).as("run %s: %s", runId, run.path("message").asText()).isEqualTo("SUCCEEDED");
      }

      List<AliasEventRecord> events = stack.bean(AliasEventRepository.class).findByModelOrderByIdAsc(MODEL);
      List<AliasEventRecord> production = events.stream().filter(e -> e.alias().equals(Aliases.PRODUCTION)).toList();
      assertThat(production).hasSize(RUNS);
      assertThat(production).extracting(AliasEventRecord::runId).containsExactlyInAnyOrderElementsOf(workflowIds.keySet());
      assertThat(production.get(0).fromVersion()).isNull();
      assertThat(production.get(0).reason()).contains("first version of the model");
      for (int k = 1; k < RUNS; k++) {
        AliasEventRecord before = production.get(k - 1);
        AliasEventRecord move = production.get(k);
        assertThat(move.fromVersion()).as("production move %d starts where the one before ended", k).isEqualTo(before.toVersion());
        // the canary set between the move before and this one is this run's, and it began only after the move before
        List<AliasEventRecord> canariesBetween = events.stream()
            .filter(e -> e.alias().equals(Aliases.CANARY) && e.toVersion() != null)
            .filter(e -> e.id() > before.id() && e.id() < move.id())
            .toList();
        assertThat(canariesBetween).isNotEmpty().extracting(AliasEventRecord::runId).containsOnly(move.runId());
        assertThat(canariesBetween.get(0).reason()).isEqualTo("canary at 20%");
        assertThat(canariesBetween.get(0).toVersion()).isEqualTo(move.toVersion());
        assertThat(events).filteredOn(e -> e.alias().equals(Aliases.CANARY) && move.runId().equals(e.runId()))
            .allSatisfy(e -> assertThat(e.id()).isGreaterThan(before.id()));
        assertCanaryJudgedOnItsOwnTraffic(stack, workflowIds.get(move.runId()));
      }
    }
  }

  @Test
  void aCanaryWhoseSplitWasLostBakesOnAndGetsItsTrafficBack() throws Exception {
    try (ApiTestStack stack = ApiTestStack.start(TestDatabases.h2())) {
      String operator = register(stack, "3s");
      TrafficRouter router = stack.bean(TrafficRouter.class);
      awaitEnd(stack, operator, start(stack, operator).get("runId").asText());
      JsonNode second = start(stack, operator);
      // the canary is live: forget its split, as a worker restarted mid-bake does (its window goes too)
      TrafficSplit canary = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> router.split(MODEL).orElse(null), split -> split != null && split.canary() != null);
      router.route(new TrafficSplit(canary.stable(), null, 0));

      JsonNode ended = awaitEnd(stack, operator, second.get("runId").asText());

      assertThat(ended.path("state").asText()).as(ended.path("message").asText()).isEqualTo("SUCCEEDED");
      RolloutStatus rollout = stack.bean(WorkflowClient.class)
          .newUntypedWorkflowStub(RolloutWorkflow.idFor(second.get("workflowId").asText()))
          .getResult(RolloutStatus.class);
      assertThat(rollout.analyses().get(0).insufficient()).as("the first analysis lacked canary data").isTrue();
      assertCanaryJudgedOnItsOwnTraffic(stack, second.get("workflowId").asText());
    }
  }

  /** Register the example pipeline with canary steps that bake for {@code bake}; an operator's token. */
  private static String register(ApiTestStack stack, String bake) throws Exception {
    String operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    String spec = stack.examplePipeline().replace("bake: 2s", "bake: " + bake);
    send(stack, HttpRequest.POST("/v1/pipelines", spec).contentType("application/yaml").bearerAuth(operator));
    return operator;
  }

  private static JsonNode start(ApiTestStack stack, String token) throws Exception {
    return send(stack, HttpRequest.POST("/v1/runs", Map.of("pipeline", "breast-cancer")).bearerAuth(token));
  }

  private static JsonNode awaitEnd(ApiTestStack stack, String token, String runId) {
    return await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
        .until(() -> get(stack, token, "/v1/runs/" + runId), run -> run.hasNonNull("finishedAt"));
  }

  private static Map<String, String> startTogether(ApiTestStack stack, String token) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RUNS);
    try {
      List<Callable<JsonNode>> starts = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        starts.add(() -> start(stack, token));
      }
      Map<String, String> workflowIds = new HashMap<>();
      for (Future<JsonNode> started : pool.invokeAll(starts)) {
        JsonNode run = started.get();
        workflowIds.put(run.get("runId").asText(), run.get("workflowId").asText());
      }
      return workflowIds;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every analysis of the run's canary counted requests of its own split, enough to judge, and passed. */
  private static void assertCanaryJudgedOnItsOwnTraffic(ApiTestStack stack, String workflowId) {
    RolloutStatus rollout = stack.bean(WorkflowClient.class)
        .newUntypedWorkflowStub(RolloutWorkflow.idFor(workflowId))
        .getResult(RolloutStatus.class);
    List<AnalysisResult> judged = rollout.analyses().stream().filter(a -> !a.insufficient()).toList();
    assertThat(judged).as("rollout of %s", workflowId).hasSize(2).allSatisfy(analysis -> {
      assertThat(analysis.passed()).isTrue();
      assertThat(Objects.requireNonNull(analysis.canary().get("requests"))).isGreaterThanOrEqualTo(20.0);
    });
  }

  private static JsonNode get(ApiTestStack stack, String token, String path) throws Exception {
    return send(stack, HttpRequest.GET(path).bearerAuth(token));
  }

  private static JsonNode send(ApiTestStack stack, MutableHttpRequest<?> request) throws Exception {
    return JSON.readTree(stack.http().retrieve(request, String.class));
  }
}
