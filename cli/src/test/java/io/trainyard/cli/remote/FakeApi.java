package io.trainyard.cli.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for the Trainyard API on a local port, answering as docs/api.md says (JSON bodies,
 * problem+json errors, server-sent events) and recording every request it got.
 */
final class FakeApi implements AutoCloseable {
  /** A request as the server saw it. */
  record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** An answer: status, media type, body, extra headers; {@code events} sends the body as a stream of events. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The environment of a CLI that talks to this stand-in with token {@code tok-1} and no config file (under {@code dir}). */
  Map<String, String> cliEnvironment(java.nio.file.Path dir) {
    return new java.util.HashMap<>(Map.of("TRAINYARD_SERVER", url(), "TRAINYARD_TOKEN", "tok-1",
        "TRAINYARD_CONFIG", dir.resolve("no-config").toString()));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  FakeApi on(String method, String path, Function<Request, Answer> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  FakeApi json(String method, String path, int status, String body) {
    return on(method, path, request -> new Answer(status, "application/json", body, Map.of()));
  }

  /** A problem+json answer with the fields given as {@code "field", "message"} pairs. */
  FakeApi problem(String method, String path, int status, String title, String detail, String... fieldMessages) {
    return on(method, path, request -> new Answer(status, "application/problem+json", problem(status, title, detail, fieldMessages), Map.of()));
  }

  /** A {@code text/event-stream} of the events given as {@code "name", "data"} pairs, then the stream closes. */
  FakeApi events(String path, String... nameData) {
    StringBuilder stream = new StringBuilder(": stream opened\n\n");
    for (int i = 0; i < nameData.length; i += 2) {
      stream.append("event: ").append(nameData[i]).append('\n');
      nameData[i + 1].lines().forEach(line -> stream.append("data: ").append(line).append('\n'));
      stream.append('\n');
    }
    return on("GET", path, request -> new Answer(200, "text/event-stream", stream.toString(), Map.of()));
  }

  static String problem(int status, String title, String detail, String... fieldMessages) {
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < fieldMessages.length; i += 2) {
      errors.append(i == 0 ? "" : ",").append("{\"field\":\"").append(fieldMessages[i])
          .append("\",\"message\":\"").append(fieldMessages[i + 1]).append("\"}");
    }
    return "{\"type\":\"https://trainyard.io/problems/x\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\",\"requestId\":\"req-" + status + "\""
        + (errors.length() == 0 ? "" : ",\"errors\":[" + errors + "]") + "}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
    requests.add(request);
    Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
    Answer answer = route == null
        ? new Answer(404, "application/problem+json", problem(404, "Not found", "no route " + request.path()), Map.of())
        : route.apply(request);
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    exchange.getResponseHeaders().add("X-Request-Id", "srv-" + requests.size());
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    boolean stream = answer.contentType().equals("text/event-stream");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : stream ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (stream) {
        // one event at a time, as a live stream sends them
        for (String event : answer.body().split("(?<=\n\n)")) {
          out.write(event.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } else {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
