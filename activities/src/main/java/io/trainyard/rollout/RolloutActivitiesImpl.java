package io.trainyard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.Activity;
import io.trainyard.rule.AnalysisJudge;
import io.trainyard.serving.LocalArtifacts;
import io.trainyard.serving.ServingConfiguration;
import io.trainyard.serving.TrafficRouter;
import io.trainyard.tabular.TabularData;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Rollout activities against the local serving target: traffic splits go to the in-process
 * {@link TrafficRouter}; labelled traffic is replayed over HTTP to the serving endpoint
 * ({@code trainyard.serving.url}) with the configured service token, so it takes the same path as
 * real requests.
 */
@Singleton
public class RolloutActivitiesImpl implements RolloutActivities {

  private static final int HEARTBEAT_EVERY = 50;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrafficRouter router;
  private final ServingConfiguration serving;
  private final HttpClient http;

  public RolloutActivitiesImpl(TrafficRouter router, ServingConfiguration serving) {
    this.router = router;
    this.serving = serving;
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  @Override
  public void route(TrafficSplit split) {
    router.route(split);
  }

  @Override
  public ReplayResult replay(TrafficReplay replay) {
    if (replay.requests() < 0) {
      throw new IllegalArgumentException("replay.requests: expected 0 or more, found " + replay.requests());
    }
    String label = router.serving(replay.model()).label();
    TabularData rows = read(replay, label);
    if (rows.size() == 0) {
      throw new IllegalArgumentException("replay.source " + replay.source().uri() + " has no rows");
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(replay.seed()));

    URI endpoint = serving.predictUri(replay.model());
    int failed = 0;
    for (int i = 0; i < replay.requests(); i++) {
      if (i % HEARTBEAT_EVERY == 0) {
        Activity.getExecutionContext().heartbeat(i);
      }
      int row = order.get(i % order.size());
      if (!send(endpoint, body(rows, row))) {
        failed++;
      }
    }
    return new ReplayResult(replay.requests(), failed);
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    if (request.canary() == null || request.stable() == null) {
      throw new IllegalArgumentException("analysis needs both a canary and a stable version");
    }
    Map<String, Double> canary = router.stats(request.canary().model(), request.canary().version());
    Map<String, Double> stable = router.stats(request.stable().model(), request.stable().version());
    return AnalysisJudge.judge(request.spec(), canary, stable);
  }

  private static TabularData read(TrafficReplay replay, String label) {
    try {
      return TabularData.read(LocalArtifacts.path(replay.source()), label);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read replay.source " + replay.source().uri(), e);
    }
  }

  private static String body(TabularData rows, int row) {
    Map<String, Object> features = new LinkedHashMap<>();
    double[] values = rows.rows().get(row);
    for (int f = 0; f < values.length; f++) {
      features.put(rows.features().get(f), values[f]);
    }
    try {
      return JSON.writeValueAsString(Map.of("features", features, "label", rows.labels().get(row)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Send one request; a refused connection or a non-2xx answer is a failed request, not an error. */
  private boolean send(URI endpoint, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    // serving refuses anonymous requests: labelled traffic moves the canary's analysis
    serving.authorization().ifPresent(value -> builder.header("Authorization", value));
    HttpRequest request = builder.build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
