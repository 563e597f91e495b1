package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's dispatcher with the one endpoint CRUD mode lacks: {@code GET
 * /api/v1/namespaces/{ns}/pods/{name}/log}, answered from {@link PodLogs} the way the API server
 * answers from the kubelet (404 for a missing pod, 400 while the container waits to start,
 * {@code tailLines}, {@code sinceTime}, {@code sinceSeconds}, {@code timestamps}, {@code limitBytes}).
 * Everything else goes to the wrapped dispatcher.
 */
public final class PodLogDispatcher extends Dispatcher {
  private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");

  private final Dispatcher delegate;
  private final PodLogs logs;

  public PodLogDispatcher(Dispatcher delegate, PodLogs logs) {
    this.delegate = delegate;
    this.logs = logs;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    URI uri = URI.create(request.getPath());
    Matcher log = LOG_PATH.matcher(uri.getRawPath());
    if (request.method() != HttpMethod.GET || !log.matches()) {
      return delegate.dispatch(request);
    }
    return serve(log.group(1), log.group(2), query(uri.getRawQuery()));
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private MockResponse serve(String namespace, String name, Map<String, String> query) {
    Pod pod = pod(namespace, name);
    if (pod == null) {
      return status(404, "NotFound", "pods \"" + name + "\" not found");
    }
    String container = query.getOrDefault("container", pod.getSpec().getContainers().get(0).getName());
    if (pod.getSpec().getContainers().stream().noneMatch(c -> c.getName().equals(container))) {
      return status(400, "BadRequest", "container " + container + " is not valid for pod " + name);
    }
    if (Boolean.parseBoolean(query.get("previous"))) {
      // restartPolicy Never: a step's container never restarts, so there is no previous one
      return status(400, "BadRequest", "previous terminated container \"" + container + "\" in pod \"" + name + "\" not found");
    }
    PodLogs.Log found = logs.find(namespace, name).filter(l -> l.container().equals(container)).orElse(null);
    if (found == null) {
      return status(400, "BadRequest", "container \"" + container + "\" in pod \"" + name + "\" is waiting to start: ContainerCreating");
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(render(found.lines(), query));
  }

  /** The pod as the API server stores it, asked of the wrapped dispatcher like any GET. */
  private Pod pod(String namespace, String name) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    MockResponse response = delegate.dispatch(
        new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
    if (response.code() != 200 || response.getBody() == null) {
      return null;
    }
    return Serialization.unmarshal(response.getBody().readUtf8(), Pod.class);
  }

  static byte[] render(List<PodLogs.Line> lines, Map<String, String> query) {
    Instant since = since(query);
    List<PodLogs.Line> selected = lines.stream().filter(l -> since == null || !l.time().isBefore(since)).toList();
    if (query.containsKey("tailLines")) {
      int tail = Integer.parseInt(query.get("tailLines"));
      selected = selected.subList(Math.max(0, selected.size() - tail), selected.size());
    }
    boolean timestamps = Boolean.parseBoolean(query.get("timestamps"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (PodLogs.Line line : selected) {
      if (timestamps) {
        out.writeBytes((DateTimeFormatter.ISO_INSTANT.format(line.time()) + " ").getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(line.bytes());
    }
    byte[] body = out.toByteArray();
    if (query.containsKey("limitBytes")) {
      int limit = Integer.parseInt(query.get("limitBytes"));
      if (body.length > limit) {
        body = Arrays.copyOf(body, limit);
      }
    }
    return body;
  }

  private static Instant since(Map<String, String> query) {
    if (query.containsKey("sinceTime")) {
      return Instant.parse(query.get("sinceTime"));
    }
    if (query.containsKey("sinceSeconds")) {
      return Instant.now().minusSeconds(Long.parseLong(query.get("sinceSeconds")));
    }
    return null;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(key, value);
    }
    return query;
  }

  static MockResponse status(int code, String reason, String message) {
    Status status = new StatusBuilder()
        .withStatus("Failure").withCode(code).withReason(reason).withMessage(message).withNewMetadata().endMetadata()
        .build();
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(Serialization.asJson(status));
  }
}
