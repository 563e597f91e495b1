package io.trainyard.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Notes every API request the executor's client sends (method, decoded path and query, nanoTime),
 * so that the bench can tell when the executor created its Job, began to follow the pod's log (it
 * saw the pod running) and listed the pods once it saw the Job complete.
 */
final class RequestProbe implements Interceptor {
  /** One request as it left the client. */
  record Sent(String method, String target, long at) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    long at = System.nanoTime();
    String target = URLDecoder.decode(request.uri().getRawPath() + "?" + request.uri().getRawQuery(), StandardCharsets.UTF_8);
    sent.add(new Sent(request.method(), target, at));
  }

  /** Forget what was sent so far (between steps). */
  void clear() {
    sent.clear();
  }

  /** When the first request since {@link #clear} matching {@code what} was sent, at or after {@code after}; -1 if none. */
  long first(Predicate<Sent> what, long after) {
    return sent.stream().filter(s -> s.at() >= after && what.test(s)).mapToLong(Sent::at).min().orElse(-1);
  }
}
