package io.trainyard.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The errors the framework answers before any controller runs are problem+json too, with their own
 * types; so are a bug (500) and a write that lost a race (409), through test-only routes.
 */
class FrameworkProblemsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiTestStack stack;
  private static String operator;

  @BeforeAll
  static void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void unreadableJsonIsAMalformedRequest() throws Exception {
    JsonNode problem = problem(HttpRequest.POST("/v1/runs", "{\"pipeline\": ").contentType("application/json"), 400);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.MALFORMED_REQUEST.uri());
  }

  @Test
  void aBodyOfAnUnsupportedTypeIs415() throws Exception {
    JsonNode problem = problem(HttpRequest.POST("/v1/pipelines", "just text").contentType("text/plain"), 415);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri());
  }

  @Test
  void aMethodTheRouteDoesNotHaveIs405() throws Exception {
    JsonNode problem = problem(HttpRequest.DELETE("/v1/pipelines"), 405);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED.uri());
  }

  @Test
  void anAnswerTheClientDoesNotAcceptIs406() throws Exception {
    JsonNode problem = problem(HttpRequest.GET("/v1/pipelines").accept("text/csv"), 406);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.NOT_ACCEPTABLE.uri());
  }

  @Test
  void aWriteThatLostARaceAgainstAUniqueConstraintIsAConflictToRetry() throws Exception {
    JsonNode problem = problem(HttpRequest.POST("/v1/test-problems/lost-race", "").contentType("application/json"), 409);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.CONFLICT.uri());
    assertThat(problem.get("detail").asText()).contains("try again");
  }

  @Test
  void aBugIsA500ThatKeepsItsDetailInTheLogs() throws Exception {
    JsonNode problem = problem(HttpRequest.GET("/v1/test-problems/bug"), 500);
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.INTERNAL.uri());
    assertThat(problem.toString()).doesNotContain(FailingRoutesController.SECRET);
  }

  private static JsonNode problem(MutableHttpRequest<?> request, int status) throws Exception {
    HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
        () -> stack.http().exchange(request.bearerAuth(operator), String.class));
    assertThat(e).as("expected an error answer").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(status);
    assertThat(e.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
    JsonNode problem = JSON.readTree(e.getResponse().getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("requestId").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    return problem;
  }
}
