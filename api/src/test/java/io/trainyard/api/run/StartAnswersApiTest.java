package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.registry.TestDatabases;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A start answers what happened when its answer from Temporal is lost ({@link FlakyStarts}): a
 * start that reached Temporal is found by its workflow id and answered 201; a start that never
 * left is 503 and leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartAnswersApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUN_ID = Pattern.compile("run ([0-9a-z-]+)");

  private ApiTestStack stack;
  private String operator;

  @BeforeAll
  void start() {
    Map<String, String> props = new HashMap<>(TestDatabases.h2());
    props.put("trainyard.test.flaky-starts", "true");
    props.put("trainyard.temporal.api-retry-window", "3s");
    stack = ApiTestStack.start(props);
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    stack.http().exchange(HttpRequest.POST("/v1/pipelines", ApiTestStack.pipeline("quick"))
        .contentType("application/yaml").bearerAuth(operator), String.class);
  }

  @AfterEach
  void pass() {
    stack.bean(FlakyStarts.class).set(FlakyStarts.Mode.PASS);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  void aStartWhoseAnswerIsLostIsFoundByItsWorkflowIdAndAnswered201() throws Exception {
    stack.bean(FlakyStarts.class).set(FlakyStarts.Mode.LOSE_ANSWER);

    HttpResponse<String> answer = stack.http().exchange(
        HttpRequest.POST("/v1/runs", Map.of("pipeline", "quick")).bearerAuth(operator), String.class);

    assertThat(answer.code()).isEqualTo(201);
    JsonNode run = JSON.readTree(answer.body());
    String runId = run.get("runId").asText();
    assertThat(stack.bean(WorkflowClient.class).newUntypedWorkflowStub(run.get("workflowId").asText()).describe())
        .as("Temporal has the workflow").isNotNull();
    await().atMost(Duration.ofMinutes(1)).until(() -> stack.bean(RunRepository.class).existsById(runId));
    assertThat(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", "run.start", "run/" + runId, Instant.EPOCH, Instant.now().plusSeconds(60), 10))
        .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditTrail.OK));
  }

  @Test
  void aStartThatNeverReachedTemporalIs503AndLeavesNothingBehind() {
    stack.bean(FlakyStarts.class).set(FlakyStarts.Mode.DROP);
    long claims = stack.bean(RunRequestRepository.class).count();

    HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class, () -> stack.http()
        .exchange(HttpRequest.POST("/v1/runs", Map.of("pipeline", "quick")).bearerAuth(operator), String.class));

    assertThat(e.getStatus().getCode()).isEqualTo(503);
    assertThat(e.getResponse().getHeaders().get("Retry-After")).isNotBlank();
    String body = e.getResponse().getBody(String.class).orElseThrow();
    assertThat(body).contains("https://trainyard.io/problems/unavailable").contains("nothing was started");
    Matcher named = RUN_ID.matcher(body);
    assertThat(named.find()).as("the detail names the run: %s", body).isTrue();
    assertThat(catchThrowableOfType(WorkflowNotFoundException.class, () -> stack.bean(WorkflowClient.class)
        .newUntypedWorkflowStub(RunInput.workflowId("quick", named.group(1))).describe())).isNotNull();
    assertThat(stack.bean(RunRequestRepository.class).count()).as("the claim is taken back").isEqualTo(claims);
  }
}
