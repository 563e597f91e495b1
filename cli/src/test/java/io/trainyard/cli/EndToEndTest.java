package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end, each piece its own process talking real gRPC: the standalone Temporal
 * test server, {@code trainyard dev} (worker, serving, H2 registry), and {@code trainyard run}.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PIPELINES = Path.of("src/test/resources/pipelines").toAbsolutePath();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private final List<CliProcess> processes = new ArrayList<>();
  private final List<Long> servers = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (CliProcess p : processes) {
      p.close();
    }
    servers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private CliProcess start(String... args) throws Exception {
    CliProcess process = CliProcess.start(home, Map.of(), args);
    processes.add(process);
    return process;
  }

  @Test
  void devKilledWithSigkillMidStepThenStartedAgainFinishesTheRun() throws Exception {
    String http = Integer.toString(CliProcess.freePort());
    String temporal = Integer.toString(CliProcess.freePort());
    CliProcess dev = start("dev", "--port", http, "--temporal-port", temporal);
    String up = dev.awaitStderr(l -> l.contains("Temporal ") && l.contains("pid"), Duration.ofSeconds(90));
    servers.add(Long.parseLong(up.replaceAll(".*pid (\\d+).*", "$1")));

    CliProcess run = start("run", PIPELINES.resolve("slow-shell.yaml").toString(), "-o", "json",
        "--port", http, "--temporal-port", temporal);
    run.awaitStderr(l -> l.matches("\\s+train\\s+running.*"), Duration.ofSeconds(90));
    Thread.sleep(2000);
    dev.kill();

    CliProcess again = start("dev", "--port", http, "--temporal-port", temporal);
    again.awaitStderr(l -> l.contains("reused"), Duration.ofSeconds(90));
    // sticky execution is on: the run's workflow sits on the dead dev's sticky queue until taken over
    assertThat(again.stderr()).contains("took over the sticky queues of stopped workers");

    assertThat(run.waitFor(Duration.ofMinutes(3))).as(run.stderr()).isZero();
    JsonNode summary = JSON.readTree(run.stdout()).get("run");
    assertThat(summary.get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode train = step(summary, "train");
    assertThat(train.get("state").asText()).isEqualTo("SUCCEEDED");
    // the killed attempt counts, and a later one finished (a machine too loaded to heartbeat in time may need a third)
    assertThat(train.get("attempts").asInt()).as("run:%n%s%nfirst dev:%n%s%nsecond dev:%n%s", run.stderr(), dev.stderr(), again.stderr()).isGreaterThanOrEqualTo(2);
    assertThat(summary.get("alias").asText()).isEqualTo("production");
  }

  @Test
  void runsWhoseServerDiedAreMarkedAbandonedByTheNextDev() throws Exception {
    String http = Integer.toString(CliProcess.freePort());
    String temporal = Integer.toString(CliProcess.freePort());
    CliProcess dev = start("dev", "--port", http, "--temporal-port", temporal);
    String up = dev.awaitStderr(l -> l.contains("Temporal ") && l.contains("pid"), Duration.ofSeconds(90));
    long server = Long.parseLong(up.replaceAll(".*pid (\\d+).*", "$1"));
    servers.add(server);

    CliProcess run = start("run", PIPELINES.resolve("slow-shell.yaml").toString(), "-o", "json",
        "--port", http, "--temporal-port", temporal);
    run.awaitStderr(l -> l.matches("\\s+train\\s+running.*"), Duration.ofSeconds(90));
    dev.kill();
    ProcessHandle.of(server).ifPresent(ProcessHandle::destroyForcibly);
    ProcessHandle.of(server).ifPresent(p -> p.onExit().join());

    CliProcess again = start("dev", "--port", http, "--temporal-port", temporal);
    String upAgain = again.awaitStderr(l -> l.contains("Temporal ") && l.contains("pid"), Duration.ofSeconds(90));
    servers.add(Long.parseLong(upAgain.replaceAll(".*pid (\\d+).*", "$1")));
    assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.stderr()).isEqualTo(Trainyard.RUN_DID_NOT_SUCCEED);
    assertThat(again.stderr()).as("the new dev's server is new and empty").contains("marked 1 run(s) ABANDONED");
    assertThat(run.stderr()).contains("does not answer; waiting");
    JsonNode summary = JSON.readTree(run.stdout()).get("run");
    assertThat(summary.get("state").asText()).isEqualTo("ABANDONED");
    assertThat(summary.get("message").asText()).contains("Temporal server that ran this workflow stopped");
    assertThat(step(summary, "train").get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void devCreatesItsSecretAndPrintsAnAdminTokenThatTheServerAccepts() throws Exception {
    String http = Integer.toString(CliProcess.freePort());
    CliProcess dev = CliProcess.start(home, Map.of("TRAINYARD_JWT_SECRET", ""), "dev", "--port", http,
        "--temporal-port", Integer.toString(CliProcess.freePort()));
    processes.add(dev);
    String up = dev.awaitStderr(l -> l.contains("Temporal ") && l.contains("pid"), Duration.ofSeconds(90));
    servers.add(Long.parseLong(up.replaceAll(".*pid (\\d+).*", "$1")));
    String token = dev.awaitStderr(l -> l.strip().startsWith("admin token"), Duration.ofSeconds(30)).strip()
        .substring("admin token".length()).strip();

    Path secret = home.resolve(JwtSecret.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    assertThat(TokenCommandTest.verified(token, JwtSecret.find(home, Map.of()).orElseThrow()).getStringListClaim("roles"))
        .containsExactly("admin");
    CliProcess create = CliProcess.start(home, Map.of("TRAINYARD_JWT_SECRET", ""), "token", "create", "--user", "vera", "--role", "viewer");
    processes.add(create);
    assertThat(create.waitFor(Duration.ofMinutes(1))).as(create.stderr()).isZero();
    String viewer = create.stdout().strip();

    // serving: no token is 401; the dev's admin token and a token create'd with the home's secret get through (unknown model: 404)
    HttpClient client = HttpClient.newHttpClient();
    URI predict = URI.create("http://127.0.0.1:" + http + "/v1/models/nobody/predict");
    assertThat(post(client, predict, null).statusCode()).isEqualTo(401);
    assertThat(post(client, predict, "not.a.token").statusCode()).isEqualTo(401);
    assertThat(post(client, predict, token).statusCode()).isEqualTo(404);
    assertThat(post(client, predict, viewer).statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> post(HttpClient client, URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"features\": {}}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badModelDemoTrainsAGoodVersionFirstThenTheCanaryRollsTheSkewedOneBack() throws Exception {
    CliProcess demo = CliProcess.start(home, Map.of("TRAINYARD_EXAMPLES", Path.of("../examples").toAbsolutePath().toString()),
        "demo", "--bad-model", "-o", "json",
        "--port", Integer.toString(CliProcess.freePort()), "--temporal-port", Integer.toString(CliProcess.freePort()));
    processes.add(demo);

    assertThat(demo.waitFor(Duration.ofMinutes(4))).as(demo.stderr()).isZero();
    JsonNode summary = JSON.readTree(demo.stdout());
    JsonNode good = summary.get("runs").get(0).get("run");
    JsonNode bad = summary.get("runs").get(1).get("run");
    assertThat(good.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(good.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.9);
    assertThat(bad.get("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(bad.get("metrics").get("accuracy").asDouble()).as("offline the skew is invisible").isGreaterThan(0.9);
    assertThat(bad.get("message").asText()).contains("canary analysis failed");
    assertThat(summary.get("production").get("version").asInt()).isEqualTo(good.get("model").get("version").asInt());
    assertThat(bad.get("model").get("version").asInt()).isGreaterThan(good.get("model").get("version").asInt());
  }

  @Test
  void malformedPipelineIsRejectedWithEveryMistakeAndNothingStarts(@TempDir Path folder) throws Exception {
    // the pipeline's folder holds a link to the home's secret
    Path pipeline = Files.copy(PIPELINES.resolve("malformed.yaml"), folder.resolve("malformed.yaml"));
    Files.writeString(home.resolve("jwt-secret"), "0123456789abcdef0123456789abcdef");
    Files.createSymbolicLink(folder.resolve("secret.csv"), home.resolve("jwt-secret"));
    CliProcess run = start("run", pipeline.toString(), "--param", "seeed=7",
        "--port", Integer.toString(CliProcess.freePort()), "--temporal-port", Integer.toString(CliProcess.freePort()));

    assertThat(run.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.INVALID_INPUT);
    String errors = run.stderr();
    assertThat(errors)
        .contains("nothing was started")
        .contains("prepare[0].colour")
        .contains("tpu-v9")
        .contains("train[0].timeout")
        .contains("parameters.epochs")
        .contains("gate.rules[0]")
        .contains("model.artifact")
        .contains("train[0].inputs.train")
        .contains("parameters.seeed: no such parameter")
        .contains("prepare[0].inputs.absolute: '/etc/passwd' is outside the allowed input roots")
        .contains("prepare[0].inputs.dotdot: '../../etc/passwd' climbs with '..'")
        .contains("prepare[0].inputs.uri: 'file:///etc/passwd' is outside")
        .contains("prepare[0].inputs.encoded: 'file:///tmp/%2e%2e/etc/passwd' climbs with '..'")
        .contains("prepare[0].inputs.linked: 'secret.csv' is inside Trainyard's home")
        .contains("evaluate[0].run: unknown builtin 'tribuo-evaluat' (known: tabular-split, tribuo-evaluate, tribuo-train)")
        .doesNotContain("prepare[0].inputs.data")
        .doesNotContain("0123456789abcdef");
    assertThat(errors).containsPattern("line \\d+: ");
    try (var files = Files.list(home)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("registry") || name.equals("server.log") || name.equals("artifacts"));
    }
  }

  private static JsonNode step(JsonNode run, String name) {
    for (JsonNode step : run.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + run);
  }
}
