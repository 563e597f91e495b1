package io.trainyard.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.serving.ModelBundleCache;
import io.trainyard.serving.ServingConfiguration;
import io.trainyard.serving.TrafficRouter;
import io.trainyard.tabular.BreastCancerRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutActivitiesImplTest {

  static final String MODEL = "breast-cancer-classifier";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static ModelVersionRef good;
  static ArtifactRef holdout;

  static final String SERVICE_TOKEN = "service.token.value";

  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  final List<Integer> heartbeats = new CopyOnWriteArrayList<>();
  HttpServer server;
  TestActivityEnvironment temporal;
  TrafficRouter router;
  RolloutActivities activities;

  @BeforeAll
  static void train() throws Exception {
    BreastCancerRun run = new BreastCancerRun(dir);
    Path split = run.split();
    good = new ModelVersionRef(MODEL, 1, ArtifactRef.external(run.train(split, "standard").resolve("model").toUri().toString()));
    holdout = ArtifactRef.external(split.resolve("holdout").toUri().toString());
  }

  @BeforeEach
  void start() throws IOException {
    // a serving endpoint that answers every fourth request with 503
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/models/" + MODEL + "/predict",
        exchange -> {
          received.add(JSON.readTree(exchange.getRequestBody()));
          authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          int status = calls.incrementAndGet() % 4 == 0 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    router = new TrafficRouter(model -> Optional.empty(), new ModelBundleCache());
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(new RolloutActivitiesImpl(router, new ServingConfiguration(url, SERVICE_TOKEN)));
    temporal.setActivityHeartbeatListener(Integer.class, heartbeats::add);
    activities =
        temporal.newActivityStub(
            RolloutActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void stop() {
    temporal.close();
    server.stop(0);
  }

  @Test
  void routeSetsTheRoutersSplit() {
    TrafficSplit split = new TrafficSplit(good, good, 20);
    activities.route(split);
    assertThat(router.split(MODEL)).contains(split);
  }

  @Test
  void replaySendsLabelledRowsCyclingAndCountsFailures() {
    activities.route(new TrafficSplit(good, null, 0));
    ReplayResult result = activities.replay(new TrafficReplay(MODEL, holdout, 400, 7));

    assertThat(result.sent()).isEqualTo(400);
    assertThat(received).hasSize(400);
    assertThat(authorizations).hasSize(400).containsOnly("Bearer " + SERVICE_TOKEN);
    assertThat(result.failed()).isEqualTo(100);
    JsonNode first = received.get(0);
    assertThat(first.get("features").size()).isEqualTo(30);
    assertThat(first.get("features").has("radius_mean")).isTrue();
    assertThat(first.get("label").asText()).isIn("benign", "malignant");
    // 171 holdout rows: request 171 repeats request 0's row
    assertThat(received.get(171)).isEqualTo(received.get(0));
    assertThat(received.get(1)).isNotEqualTo(received.get(0));
    // the SDK throttles heartbeats to the server; the first one always goes through
    assertThat(heartbeats).startsWith(0);
  }

  @Test
  void replayWithAnotherSeedSendsAnotherOrder() {
    activities.route(new TrafficSplit(good, null, 0));
    activities.replay(new TrafficReplay(MODEL, holdout, 5, 7));
    activities.replay(new TrafficReplay(MODEL, holdout, 5, 7));
    activities.replay(new TrafficReplay(MODEL, holdout, 5, 8));
    assertThat(received.subList(0, 5)).isEqualTo(received.subList(5, 10));
    assertThat(received.subList(10, 15)).isNotEqualTo(received.subList(0, 5));
  }

  @Test
  void replayToADeadEndpointCountsEveryRequestAsFailed() {
    activities.route(new TrafficSplit(good, null, 0));
    server.stop(0);
    ReplayResult result = activities.replay(new TrafficReplay(MODEL, holdout, 20, 1));
    assertThat(result).isEqualTo(new ReplayResult(20, 20));
  }
}
