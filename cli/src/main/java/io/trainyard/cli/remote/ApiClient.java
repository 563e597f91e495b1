package io.trainyard.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.api.run.RunsController;
import io.trainyard.cli.CodeVersion;
import io.trainyard.cli.Trainyard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Trainyard REST API over the JDK's HTTP client: bearer token, JSON in and out, a request id and
 * the {@code User-Agent} {@code trainyard-cli/<version>} on every request (so that the runs the CLI
 * starts are recorded as started by {@code cli}), and every error answer turned into a {@link
 * CommandFailure} with the exit code docs/api.md gives its status.
 */
final class ApiClient {
  /** Reads the API's documents keeping numbers as written, so {@code -o json} prints them as they came. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();
  private static final String APPLICATION_JSON = "application/json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final String USER_AGENT = RunsController.CLI_AGENT + CodeVersion.current();
  /** How often {@link #postRepeatable} sends one request at most. */
  static final int REPEATABLE_ATTEMPTS = 3;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  private final Connection connection;
  private final String configFile;
  private final HttpClient http;

  ApiClient(Connection connection, String configFile) {
    this.connection = connection;
    this.configFile = configFile;
    // HTTP/1.1: on plain http the JDK's HTTP/2 default tries an h2c upgrade, which a server without
    // HTTP/2 may mishandle; one request at a time gains nothing from HTTP/2 anyway
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** A new {@code Idempotency-Key} for one start: the client's own retries of it start one run. */
  static String newIdempotencyKey() {
    return "cli-" + UUID.randomUUID();
  }

  /** An API answer: its status and its JSON body (empty object when it had none). */
  record Answer(int status, JsonNode body) {}

  JsonNode get(String path) {
    return send("GET", path, BodyPublishers.noBody(), null, Map.of()).body();
  }

  Answer post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, json(body), APPLICATION_JSON, headers);
  }

  /** POST a document read from a file, as the media type of its format. */
  Answer postDocument(String path, String text, String contentType) {
    return send("POST", path, BodyPublishers.ofString(text), contentType, Map.of());
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, json(body), APPLICATION_JSON, Map.of()).body();
  }

  void delete(String path) {
    send("DELETE", path, BodyPublishers.noBody(), null, Map.of());
  }

  /** GET a {@code text/plain} resource as is. */
  String text(String path) {
    HttpRequest request = request(path, "text/plain, application/problem+json").GET().timeout(REQUEST_TIMEOUT).build();
    HttpResponse<String> response = exchange(request, BodyHandlers.ofString());
    failOnError(request, response.statusCode(), response.body(), response.headers());
    return response.body();
  }

  /**
   * A listing: one page as the API answers it, or with {@code all} every page followed through
   * {@code nextCursor} and gathered into one {@code {"items": [...], "nextCursor": null}}.
   */
  JsonNode list(String path, Query query, boolean all) {
    JsonNode page = get(path + query);
    if (!all) {
      return page;
    }
    ArrayNode items = JSON.createArrayNode();
    while (true) {
      page.path("items").forEach(items::add);
      String next = page.path("nextCursor").asText(null);
      if (next == null || next.isBlank()) {
        break;
      }
      page = get(path + query.with("cursor", next));
    }
    ObjectNode gathered = JSON.createObjectNode();
    gathered.set("items", items);
    gathered.putNull("nextCursor");
    return gathered;
  }

  /** Follow a {@code text/event-stream}, handing each event to {@code sink} until it returns false or the server closes. */
  void events(String path, Predicate<ServerSentEvent> sink) {
    HttpRequest request = request(path, "text/event-stream").GET().build();
    HttpResponse<Stream<String>> response = exchange(request, BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() >= 400) {
        failOnError(request, response.statusCode(), lines.collect(Collectors.joining("\n")), response.headers());
      }
      ServerSentEvent.read(lines.iterator(), sink);
    } catch (UncheckedIOException e) {
      throw unreachable(e.getCause());
    }
  }

  /**
   * POST a request that the server answers once per {@code Idempotency-Key} ({@code key}): when its
   * answer is lost (no connection, no answer in time, the connection broken) or the server answers
   * 503, the same request with the same key goes again, up to {@value #REPEATABLE_ATTEMPTS} times,
   * after the server's {@code Retry-After} (at most {@link #MAX_PAUSE}; 1 s without one).
   */
  Answer postRepeatable(String path, Object body, String key) {
    Map<String, String> headers = Map.of("Idempotency-Key", key);
    for (int attempt = 1; ; attempt++) {
      HttpRequest request = build("POST", path, json(body), APPLICATION_JSON, headers);
      HttpResponse<String> response;
      try {
        response = http.send(request, BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt == REPEATABLE_ATTEMPTS) {
          throw unreachable(e);
        }
        pause(Duration.ofSeconds(1));
        continue;
      } catch (InterruptedException e) {
        throw interrupted();
      }
      if (response.statusCode() == 503 && attempt < REPEATABLE_ATTEMPTS) {
        pause(response.headers().firstValue("Retry-After").map(ApiClient::seconds).orElse(Duration.ofSeconds(1)));
        continue;
      }
      failOnError(request, response.statusCode(), response.body(), response.headers());
      return new Answer(response.statusCode(), parse(response.body()));
    }
  }

  private Answer send(String method, String path, BodyPublisher body, String contentType, Map<String, String> headers) {
    HttpRequest request = build(method, path, body, contentType, headers);
    HttpResponse<String> response = exchange(request, BodyHandlers.ofString());
    failOnError(request, response.statusCode(), response.body(), response.headers());
    return new Answer(response.statusCode(), parse(response.body()));
  }

  private HttpRequest build(String method, String path, BodyPublisher body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path, APPLICATION_JSON).method(method, body).timeout(REQUEST_TIMEOUT);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    return builder.build();
  }

  private void pause(Duration pause) {
    try {
      Thread.sleep(Math.min(pause.toMillis(), MAX_PAUSE.toMillis()));
    } catch (InterruptedException e) {
      throw interrupted();
    }
  }

  /** A {@code Retry-After} in seconds (the API sends no dates); 1 s when it is not a number. */
  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private CommandFailure interrupted() {
    Thread.currentThread().interrupt();
    return CommandFailure.of(Trainyard.ENVIRONMENT, "interrupted while waiting for " + connection.server());
  }

  private HttpRequest.Builder request(String path, String accept) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(connection.server() + path))
        .header("Accept", accept)
        .header("User-Agent", USER_AGENT)
        .header("X-Request-Id", "cli-" + UUID.randomUUID());
    if (connection.token() != null) {
      builder.header("Authorization", "Bearer " + connection.token());
    }
    return builder;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      throw interrupted();
    }
  }

  private CommandFailure unreachable(IOException e) {
    String why = e instanceof ConnectException ? "connection refused"
        : e instanceof HttpTimeoutException ? "no answer in time"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return CommandFailure.of(Trainyard.ENVIRONMENT, "cannot reach the Trainyard API at " + connection.server() + ": " + why);
  }

  /** An error answer as the lines docs/api.md asks for: title and detail, each field, and the request id. */
  private void failOnError(HttpRequest request, int status, String body, HttpHeaders headers) {
    if (status < 400) {
      return;
    }
    JsonNode problem = parse(body);
    List<String> lines = new ArrayList<>();
    String title = problem.path("title").asText("HTTP " + status);
    String detail = problem.hasNonNull("detail") ? problem.get("detail").asText()
        : problem.isEmpty() && body != null && !body.isBlank() ? body.strip().lines().findFirst().orElse("") : null;
    lines.add("trainyard: " + title + (detail == null ? "" : ": " + detail));
    problem.path("errors").forEach(e -> lines.add("  " + e.path("field").asText() + ": " + e.path("message").asText()));
    if (status == 401 && connection.token() == null) {
      lines.add("  no token was given: pass --token, set TRAINYARD_TOKEN or put token: in " + configFile);
    }
    headers.firstValue("Retry-After").ifPresent(after -> lines.add("  retry after: " + after + "s"));
    String requestId = problem.hasNonNull("requestId") ? problem.get("requestId").asText()
        : headers.firstValue("X-Request-Id").orElse(request.headers().firstValue("X-Request-Id").orElseThrow());
    lines.add("  request id: " + requestId);
    throw new CommandFailure(CommandFailure.exitCodeFor(status), lines);
  }

  private static BodyPublisher json(Object body) {
    try {
      return BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request body as JSON", e);
    }
  }

  /** The body as JSON; an empty object when there is none or it is not JSON (such as a proxy's HTML page). */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (JsonProcessingException notJson) {
      return JSON.createObjectNode();
    }
  }
}
