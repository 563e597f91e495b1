package io.trainyard.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.registry.TestDatabases;
import io.trainyard.run.RunRepository;
import io.trainyard.spec.DocumentLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every input the API takes is bounded and strict: pipeline documents by size before they are
 * parsed and by the YAML reader's limits while they are, JSON bodies by their fields, free text by
 * its length; each refusal is problem+json with the status it says and a detail in the caller's terms.
 */
class BoundedInputApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static ApiTestStack stack;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    viewer = stack.token("victor", Roles.VIEWER);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aNineMegabyteDocumentIsRefusedAs413BeforeItIsParsed() throws Exception {
    String huge = "apiVersion: trainyard.io/v1\nkind: Pipeline\nmetadata:\n  name: huge\n  description: \""
        + "x".repeat(9 * 1024 * 1024) + "\"\n";
    JsonNode problem = problem(post("/v1/pipelines:validate", viewer, "application/yaml", huge), 413, "payload-too-large");
    assertThat(problem.get("detail").asText())
        .isEqualTo("the request body is " + huge.length() + " bytes; a pipeline document may have at most "
            + DocumentLimits.DEFAULT_MAX_BYTES + " bytes (trainyard.pipelines.max-document-size)");

    problem(post("/v1/pipelines", operator, "application/yaml", huge), 413, "payload-too-large");
    assertThat(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, "olivia", "pipeline.register", "pipeline/unknown", Instant.EPOCH, Instant.now().plusSeconds(60), 10))
        .anySatisfy(event -> assertThat(event.outcome()).isEqualTo("refused"));
  }

  @Test
  void aDocumentJustOverTheLimitIsRefusedAndOneAtItIsParsed() throws Exception {
    String head = "apiVersion: trainyard.io/v1\nkind: Pipeline\nmetadata:\n  name: edge\n# ";
    int fill = (int) DocumentLimits.DEFAULT_MAX_BYTES - head.length();
    problem(post("/v1/pipelines:validate", viewer, "application/yaml", head + "x".repeat(fill + 1)), 413, "payload-too-large");
    // without a Content-Length (chunked) the body is read, then measured before it is parsed
    byte[] over = (head + "x".repeat(fill + 1)).getBytes(StandardCharsets.UTF_8);
    HttpRequest chunked = HttpRequest.newBuilder(URI.create(stack.url() + "/v1/pipelines:validate"))
        .header("Authorization", "Bearer " + viewer).header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over))).build();
    assertThat(problem(chunked, 413, "payload-too-large").get("detail").asText()).startsWith("the request body is " + over.length + " bytes");
    // at the limit the document is read: it is an incomplete pipeline, so 422
    problem(post("/v1/pipelines:validate", viewer, "application/yaml", head + "x".repeat(fill)), 422, "invalid-input");
  }

  @Test
  void aBodyOverTheServersRequestLimitSays413Too() throws Exception {
    String body = "x".repeat(11 * 1024 * 1024);
    problem(post("/v1/pipelines:validate", viewer, "application/yaml", body), 413, "payload-too-large");
  }

  @Test
  void deepNestingIsRefusedInTheCallersTerms() throws Exception {
    String deep = "apiVersion: trainyard.io/v1\nkind: Pipeline\nmetadata: " + "[".repeat(200) + "]".repeat(200) + "\n";
    JsonNode problem = problem(post("/v1/pipelines:validate", viewer, "application/yaml", deep), 422, "invalid-input");
    assertThat(problem.get("errors").get(0).get("message").asText())
        .isEqualTo("the request body goes beyond what a pipeline document may hold: mappings and lists nested at most "
            + DocumentLimits.MAX_NESTING + " deep, numbers of at most 1000 digits");
  }

  @Test
  void aliasesAreNeverExpanded() throws Exception {
    // a billion laughs: expanded, a0..a11 would be 9^12 strings; Jackson reads an alias as its anchor's name
    StringBuilder laughs = new StringBuilder("apiVersion: trainyard.io/v1\nkind: Pipeline\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      laughs.append("a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    JsonNode problem = problem(post("/v1/pipelines:validate", viewer, "application/yaml", laughs.toString()), 422, "invalid-input");
    assertThat(problem.get("errors")).extracting(e -> e.get("field").asText()).contains("a0", "a11");
  }

  @Test
  void anUnknownFieldInAJsonBodyIs422NamingIt() throws Exception {
    long runs = stack.bean(RunRepository.class).count();
    JsonNode problem = problem(post("/v1/runs", operator, "application/json",
        "{\"pipeline\": \"nothing\", \"parmas\": {\"epochs\": 3}}"), 422, "invalid-input");
    assertThat(problem.get("errors")).hasSize(1);
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("parmas");
    assertThat(problem.get("errors").get(0).get("message").asText()).contains("pipeline", "version", "params");
    assertThat(stack.bean(RunRepository.class).count()).isEqualTo(runs);

    for (String path : List.of("/v1/runs/run-x/cancel", "/v1/runs/run-x/approve", "/v1/runs/run-x/reject",
        "/v1/models/m/rollback")) {
      JsonNode refused = problem(post(path, stack.token("ann", Roles.ADMIN), "application/json", "{\"because\": \"x\"}"), 422, "invalid-input");
      assertThat(refused.get("errors").get(0).get("field").asText()).as(path).isEqualTo("because");
    }
  }

  @Test
  void freeTextLongerThanTheLimitIs422NamingTheField() throws Exception {
    String admin = stack.token("ann", Roles.ADMIN);
    String tooLong = "y".repeat(FreeText.MAX_LENGTH + 1);
    Map<String, String> bodies = Map.of(
        "/v1/runs/run-x/cancel", "reason",
        "/v1/runs/run-x/approve", "comment",
        "/v1/runs/run-x/reject", "comment",
        "/v1/models/m/rollback", "reason");
    for (Map.Entry<String, String> route : bodies.entrySet()) {
      JsonNode problem = problem(post(route.getKey(), admin, "application/json",
          JSON.writeValueAsString(Map.of(route.getValue(), tooLong))), 422, "invalid-input");
      assertThat(problem.get("errors").get(0).get("field").asText()).as(route.getKey()).isEqualTo(route.getValue());
      assertThat(problem.get("errors").get(0).get("message").asText()).contains("at most " + FreeText.MAX_LENGTH + " characters");
    }
    HttpRequest alias = HttpRequest.newBuilder(URI.create(stack.url() + "/v1/models/m/aliases/team-a"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("version", 1, "reason", tooLong)))).build();
    assertThat(problem(alias, 422, "invalid-input").get("errors").get(0).get("field").asText()).isEqualTo("reason");
  }

  @Test
  void unreadableJsonIs400InTheCallersTerms() throws Exception {
    JsonNode problem = problem(post("/v1/runs", operator, "application/json", "{\"pipeline\": "), 400, "malformed-request");
    assertThat(problem.get("detail").asText())
        .isEqualTo("the request body is not valid JSON: Unexpected end-of-input within/between Object entries (line 1, column 14)");

    JsonNode wrongType = problem(post("/v1/runs", operator, "application/json", "{\"pipeline\": \"p\", \"version\": \"three\"}"),
        422, "invalid-input");
    assertThat(wrongType.get("errors").get(0).get("field").asText()).isEqualTo("version");
    assertThat(wrongType.get("errors").get(0).get("message").asText()).isEqualTo("expected Integer");

    JsonNode badParameter = problem(HttpRequest.newBuilder(URI.create(stack.url() + "/v1/runs?limit=many"))
        .header("Authorization", "Bearer " + viewer).GET().build(), 400, "malformed-request");
    assertThat(badParameter.get("detail").asText()).isEqualTo("'limit': expected Integer, got 'many'");
  }

  private static HttpRequest post(String path, String token, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(stack.url() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static JsonNode problem(HttpRequest request, int status, String type) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo(ProblemType.BASE + type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    return problem;
  }
}
