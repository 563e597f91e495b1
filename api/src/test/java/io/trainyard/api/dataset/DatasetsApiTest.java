package io.trainyard.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /v1/datasets} over HTTP: pushes numbered per dataset and answered once per digest, the list,
 * pages newest first, every mistake of a push named at once, roles, and the audit trail. Subclasses
 * pick the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatasetsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String PROBLEMS = "https://trainyard.io/problems/";

  private ApiTestStack stack;
  private String operator;
  private String viewer;

  /** The registry's database properties ({@code TestDatabases.h2()} or {@code postgres()}). */
  abstract Map<String, String> database();

  @BeforeAll
  void start() {
    stack = ApiTestStack.start(database());
    operator = stack.token("olivia", Roles.OPERATOR);
    viewer = stack.token("victor", Roles.VIEWER);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aPushIsTheNextVersionAndItsDigestAgainIsTheSameVersion() {
    HttpResponse<String> first = push("wisconsin", Map.of("uri", "file:///data/wisconsin.csv", "digest", hex('A'),
        "metadata", Map.of("rows", 569, "source", "uci", "clean", true)), operator);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.headers().firstValue("Location")).hasValue("/v1/datasets/wisconsin/versions/1");
    JsonNode version = json(first);
    assertThat(version.get("name").asText()).isEqualTo("wisconsin");
    assertThat(version.get("version").asInt()).isEqualTo(1);
    assertThat(version.get("uri").asText()).isEqualTo("file:///data/wisconsin.csv");
    assertThat(version.get("digest").asText()).as("stored with its prefix, lower case").isEqualTo("sha256:" + hex('a'));
    assertThat(version.get("metadata")).isEqualTo(JSON.valueToTree(Map.of("rows", 569, "source", "uci", "clean", true)));
    assertThat(version.get("createdBy").asText()).isEqualTo("olivia");

    HttpResponse<String> again = push("wisconsin", Map.of("uri", "s3://copies/wisconsin.csv", "digest", "sha256:" + hex('a')), operator);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again)).as("the version as first pushed").isEqualTo(version);
    HttpResponse<String> second = push("wisconsin", Map.of("uri", "s3://data/wisconsin-2.csv", "digest", hex('b')), operator);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(json(second).get("version").asInt()).isEqualTo(2);
    assertThat(json(second).get("metadata")).isEqualTo(JSON.createObjectNode());

    // a push answers what it did for subscribed pipelines (none here); a read has no triggers
    assertThat(version.get("triggers")).isEqualTo(JSON.createArrayNode());
    assertThat(json(get("/v1/datasets/wisconsin/versions/1", viewer))).isEqualTo(((ObjectNode) version.deepCopy()).without("triggers"));
    assertThat(json(get("/v1/datasets/wisconsin/versions/2", viewer))).isEqualTo(((ObjectNode) json(second)).without("triggers"));
    assertThat(audit("olivia", "dataset/wisconsin"))
        .extracting(AuditEventRecord::outcome, e -> detail(e).get("version").asInt(), e -> detail(e).get("created").asBoolean(),
            e -> detail(e).get("uri").asText())
        .containsExactly(
            tuple("ok", 2, true, "s3://data/wisconsin-2.csv"),
            tuple("ok", 1, false, "s3://copies/wisconsin.csv"),
            tuple("ok", 1, true, "file:///data/wisconsin.csv"));
    assertThat(detail(audit("olivia", "dataset/wisconsin").get(0)).get("digest").asText()).isEqualTo("sha256:" + hex('b'));
  }

  @Test
  void theListHasEveryDatasetByNameWithItsLatestVersion() {
    push("listed-b", Map.of("uri", "gs://b/1", "digest", hex('1')), operator);
    push("listed-a", Map.of("uri", "gs://a/1", "digest", hex('1')), operator);
    push("listed-a", Map.of("uri", "gs://a/2", "digest", hex('2')), operator);

    JsonNode items = json(get("/v1/datasets", viewer)).get("items");
    List<JsonNode> listed = new ArrayList<>();
    items.forEach(item -> {
      if (item.get("name").asText().startsWith("listed-")) {
        listed.add(item);
      }
    });
    assertThat(listed).extracting(d -> d.get("name").asText(), d -> d.get("latestVersion").asInt(), d -> d.get("versions").asInt(),
            d -> d.get("latestDigest").asText())
        .containsExactly(tuple("listed-a", 2, 2, "sha256:" + hex('2')), tuple("listed-b", 1, 1, "sha256:" + hex('1')));
    assertThat(Instant.parse(listed.get(0).get("updatedAt").asText()))
        .isEqualTo(Instant.parse(json(get("/v1/datasets/listed-a/versions/2", viewer)).get("createdAt").asText()));
  }

  @Test
  void versionsPageNewestFirstAndUnknownOnesAre404() {
    for (char c = '1'; c <= '5'; c++) {
      assertThat(push("paged", Map.of("uri", "s3://p/" + c, "digest", hex(c)), operator).statusCode()).isEqualTo(201);
    }
    List<List<Integer>> pages = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = json(get("/v1/datasets/paged/versions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), viewer));
      List<Integer> numbers = new ArrayList<>();
      page.get("items").forEach(v -> numbers.add(v.get("version").asInt()));
      pages.add(numbers);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(pages).containsExactly(List.of(5, 4), List.of(3, 2), List.of(1));
    assertThat(json(get("/v1/datasets/paged/versions", viewer)).get("items")).hasSize(5);

    JsonNode bad = problem(get("/v1/datasets/paged/versions?limit=0&cursor=zzz", viewer), 422, "invalid-input");
    assertThat(bad.get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder("limit", "cursor");
    assertThat(problem(get("/v1/datasets/nothing-here/versions", viewer), 404, "not-found").get("detail").asText())
        .isEqualTo("no dataset named 'nothing-here'");
    assertThat(problem(get("/v1/datasets/paged/versions/6", viewer), 404, "not-found").get("detail").asText())
        .isEqualTo("dataset 'paged' has no version 6");
    problem(get("/v1/datasets/nothing-here/versions/1", viewer), 404, "not-found");
  }

  @Test
  void everyMistakeOfAPushIsNamedAtOnceAndAuditedWithoutWhatWasSent() {
    String longText = "y".repeat(FreeText.MAX_LENGTH + 1);
    JsonNode refused = problem(push("Bad_Name", Map.of("uri", "data/wisconsin.csv", "digest", "sha256:abc",
        "metadata", Map.of("nested", Map.of("a", 1), "note", longText, "rows", 569)), operator), 422, "invalid-input");
    assertThat(refused.get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("name", "uri", "digest", "metadata.nested", "metadata.note");
    assertThat(refused.get("detail").asText()).isEqualTo("the dataset version has 5 errors; nothing was stored");

    assertThat(problem(push("blank", Map.of(), operator), 422, "invalid-input").get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("message").asText().startsWith("is required"))
        .containsExactlyInAnyOrder(tuple("uri", true), tuple("digest", true));
    for (String uri : List.of("s3://bucket/a b.csv", "file:relative.csv", "/data/x.csv", "x".repeat(2049), "not a uri")) {
      assertThat(problem(push("blank", Map.of("uri", uri, "digest", hex('c')), operator), 422, "invalid-input").get("errors"))
          .as(uri).extracting(e -> e.get("field").asText()).containsExactly("uri");
    }
    JsonNode unknownField = problem(push("blank", Map.of("uri", "s3://b/k", "digest", hex('c'), "sha256", hex('c')), operator),
        422, "invalid-input");
    assertThat(unknownField.get("errors").get(0).get("field").asText()).isEqualTo("sha256");
    problem(get("/v1/datasets/blank/versions", viewer), 404, "not-found");

    List<AuditEventRecord> rows = audit("olivia", "dataset/unknown");
    assertThat(rows).hasSize(1).allSatisfy(row -> {
      assertThat(row.outcome()).isEqualTo("refused");
      assertThat(row.detailJson()).contains("metadata.note: at most " + FreeText.MAX_LENGTH).doesNotContain(longText, "wisconsin");
    });
    assertThat(audit("olivia", "dataset/blank")).as("refused pushes that were read; not the one with an unknown field")
        .hasSize(6).extracting(AuditEventRecord::outcome).containsOnly("refused");
  }

  @Test
  void aViewerReadsButCannotPush() {
    problem(push("viewed", Map.of("uri", "s3://v/1", "digest", hex('d')), viewer), 403, "forbidden");
    problem(get("/v1/datasets/viewed/versions", viewer), 404, "not-found");
    assertThat(push("viewed", Map.of("uri", "s3://v/1", "digest", hex('d')), stack.token("ann", Roles.ADMIN)).statusCode())
        .isEqualTo(201);
    assertThat(get("/v1/datasets/viewed/versions/1", viewer).statusCode()).isEqualTo(200);
    assertThat(get("/v1/datasets", stack.token("opal", Roles.OPERATOR)).statusCode()).as("operators push, viewers read").isEqualTo(403);
  }

  @Test
  void pushesAtOnceGetConsecutiveVersions() throws Exception {
    int pushes = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(pushes);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < pushes; i++) {
        String digest = hex((char) ('a' + i));
        answers.add(threads.submit(() -> {
          go.await();
          return push("raced", Map.of("uri", "s3://r/" + digest, "digest", digest), operator);
        }));
      }
      go.countDown();
      List<Integer> versions = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
        versions.add(json(answer.get()).get("version").asInt());
      }
      assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, pushes).boxed().toList());
    } finally {
      threads.shutdownNow();
    }
  }

  // --- helpers

  private static String hex(char fill) {
    return String.valueOf(fill).repeat(64);
  }

  private HttpResponse<String> push(String name, Map<String, Object> body, String token) {
    try {
      return send(HttpRequest.newBuilder(URI.create(stack.url() + "/v1/datasets/" + name + "/versions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(stack.url() + path)).GET(), token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static JsonNode problem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo(PROBLEMS + type);
    return problem;
  }

  /** The audit rows of {@code actor}'s pushes to {@code target}, newest first. */
  private List<AuditEventRecord> audit(String actor, String target) {
    return stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, actor, DatasetCatalog.PUSH, target, Instant.EPOCH, Instant.now().plusSeconds(60), 100);
  }

  private static JsonNode detail(AuditEventRecord row) {
    try {
      return JSON.readTree(row.detailJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
