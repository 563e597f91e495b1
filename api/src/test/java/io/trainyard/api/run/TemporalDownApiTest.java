package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunRequestRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Temporal unreachable: readiness is DOWN, the API answers 503 with Retry-After within its retry
 * window and stores nothing; a start says that Temporal could not tell whether it landed.
 */
class TemporalDownApiTest {

  @Test
  void aStartWhileTemporalIsDownIs503AndLeavesNothingBehind() {
    Map<String, String> props = new HashMap<>(TestDatabases.h2());
    props.put("trainyard.temporal.api-retry-window", "3s");
    try (ApiTestStack stack = ApiTestStack.start(props)) {
      String operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
      stack.http().exchange(HttpRequest.POST("/v1/pipelines", ApiTestStack.pipeline("quick"))
          .contentType("application/yaml").bearerAuth(operator), String.class);
      assertThat(readiness(stack)).isEqualTo(200);
      stack.stopTemporal();
      assertThat(readiness(stack)).as("readiness while Temporal is down").isEqualTo(503);

      HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class, () -> stack.http()
          .exchange(HttpRequest.POST("/v1/runs", Map.of("pipeline", "quick")).bearerAuth(operator), String.class));

      assertThat(e.getStatus().getCode()).isEqualTo(503);
      assertThat(e.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
      assertThat(e.getResponse().getHeaders().get("Retry-After")).isNotBlank();
      assertThat(e.getResponse().getBody(String.class)).hasValueSatisfying(body -> assertThat(body)
          .contains("\"type\":\"https://trainyard.io/problems/unavailable\"").contains("Temporal")
          .as("Temporal cannot be asked whether the start landed either: the answer says so").contains("may have"));
      assertThat(stack.bean(RunRepository.class).findByStateIn(List.of("RUNNING", "SUCCEEDED", "FAILED"))).isEmpty();
      assertThat(stack.bean(RunRequestRepository.class).count()).as("the claim of a start without a key is removed").isZero();
    }
  }

  @Test
  void aDecisionWhileTemporalIsDownIs503() {
    Map<String, String> props = new HashMap<>(TestDatabases.h2());
    props.put("trainyard.temporal.api-retry-window", "3s");
    try (ApiTestStack stack = ApiTestStack.start(props)) {
      stack.bean(RunRepository.class).save(new RunRecord("down-1", "run-quick-down-1", "quick", "sha256:aa", "quick-model",
          "{}", "olivia", "WAITING_APPROVAL", "GATE", null, "{}", null, null, Instant.now(), null, null, null, null, null));
      stack.stopTemporal();

      HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class, () -> stack.http()
          .exchange(HttpRequest.POST("/v1/runs/down-1/approve", Map.of())
              .bearerAuth(stack.token("arthur", Roles.APPROVER)), String.class));

      assertThat(e.getStatus().getCode()).isEqualTo(503);
      assertThat(e.getResponse().getHeaders().get("Retry-After")).isNotBlank();
      assertThat(e.getResponse().getBody(String.class)).hasValueSatisfying(body -> assertThat(body)
          .contains("\"type\":\"https://trainyard.io/problems/unavailable\"").contains("nothing was decided"));
    }
  }

  /** The status code of {@code GET /health/readiness} (public, no token). */
  static int readiness(ApiTestStack stack) {
    try {
      return stack.http().exchange(HttpRequest.GET("/health/readiness"), String.class).code();
    } catch (HttpClientResponseException e) {
      return e.getStatus().getCode();
    }
  }
}
