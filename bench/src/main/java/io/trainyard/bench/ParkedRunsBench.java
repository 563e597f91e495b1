package io.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.temporal.devserver.FreePorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.run.RunState;
import io.trainyard.temporal.devserver.TemporalCli;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Runs parked at the approval gate: what they cost the embedded default's two processes, and how
 * fast a decision goes through with that many waiting. The bench starts {@code bin/trainyard dev}
 * as a user would (its own JVM with the command's defaults, its own Temporal dev server, a scratch
 * home), registers a pipeline of one shell step (cached after the first run) and a gate that needs one approval,
 * starts N runs through {@code POST /v1/runs} from 50 clients, and waits until all N wait at the
 * gate ({@code GET /v1/approvals}). It then reads the resident set (VmRSS, and the peak VmHWM) of the
 * dev JVM and of the Temporal server, approves K of the waiting runs picked at random, one at a
 * time, timing each {@code POST /v1/runs/{id}/approve} client-side, reads the resident sets again,
 * and waits until every approved run has succeeded.
 *
 * <p>Run: {@code bench/run parked [N] [K]} (see docs/benchmarks.md); {@code TRAINYARD_JAVA_OPTS} reaches
 * the dev JVM as it does through {@code bin/trainyard}.
 */
public final class ParkedRunsBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 50;
  private static final Duration PARK_TIMEOUT = Duration.ofMinutes(30);
  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata:
        name: parked
        description: One shell step, then a gate that waits for one approval.
      model:
        name: parked-model
        artifact: ${steps.touch.outputs.out}
      train:
        - name: touch
          run: echo 1 > "$TRAINYARD_OUTPUT_DIR/out"
          outputs: [out]
      gate:
        approval: {required: 1, role: approver, fourEyes: true, timeout: 72h, onTimeout: reject}
      rollout:
        strategy: direct
      """;

  private ParkedRunsBench() {}

  public static void main(String[] args) throws Exception {
    int parked = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int decisions = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path home = Files.createTempDirectory("trainyard-bench-parked");
    int httpPort = FreePorts.next();
    TemporalCli cli = TemporalCli.resolve(Path.of(System.getenv().getOrDefault("TRAINYARD_HOME", ".trainyard")), System.err::println);
    ProcessBuilder builder = new ProcessBuilder("bin/trainyard", "dev", "--port", Integer.toString(httpPort),
        "--temporal-port", Integer.toString(FreePorts.next()),
        "--temporal-ui-port", Integer.toString(FreePorts.next()),
        "--temporal-metrics-port", Integer.toString(FreePorts.next()))
        .redirectErrorStream(true).redirectOutput(home.resolve("dev.log").toFile());
    builder.environment().put("TRAINYARD_HOME", home.toString());
    builder.environment().put(TemporalCli.ENV, cli.binary().toString());
    System.out.printf("home %s; dev log %s%n", home, home.resolve("dev.log"));
    Process dev = builder.start();
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + httpPort), home, dev);
      api.awaitUp();
      long devPid = readPid(home.resolve("dev.json"), "\"pid\"\\s*:\\s*(\\d+)");
      long serverPid = readPid(home.resolve("temporal/server.properties"), "pid=(\\d+)");
      api.register();
      System.out.printf("dev JVM pid %d (JVM options: %s), Temporal server pid %d%n", devPid,
          System.getenv().getOrDefault("TRAINYARD_JAVA_OPTS", "none"), serverPid);
      Memory idle = Memory.of(devPid, serverPid);
      System.out.println("before any run:        " + idle);

      long begin = System.nanoTime();
      List<String> runIds = api.start(parked);
      double startSeconds = (System.nanoTime() - begin) / 1e9;
      System.out.printf(Locale.ROOT, "%d runs started in %.1f s (%.1f starts/s)%n", parked, startSeconds, parked / startSeconds);
      int waiting = api.awaitWaiting(parked);
      System.out.printf(Locale.ROOT, "%d runs waiting at the gate %.1f s after the first start%n", waiting, (System.nanoTime() - begin) / 1e9);
      System.out.println("with the runs parked:  " + Memory.of(devPid, serverPid));

      List<String> picked = new ArrayList<>(runIds);
      Collections.shuffle(picked, new Random(42));
      picked = picked.subList(0, Math.min(decisions, picked.size()));
      Histogram micros = new Histogram(3);
      for (String runId : picked) {
        micros.recordValue(api.approve(runId));
      }
      System.out.printf(Locale.ROOT, "%d approvals, one at a time, of runs picked at random among %d waiting: "
              + "p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", micros.getTotalCount(), waiting,
          micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
      System.out.println("after the approvals:   " + Memory.of(devPid, serverPid));
      long drain = System.nanoTime();
      api.awaitSucceeded(picked);
      System.out.printf(Locale.ROOT, "every approved run succeeded, the last %.1f s after the last approval%n", (System.nanoTime() - drain) / 1e9);
    } finally {
      dev.destroy();
      if (!dev.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        dev.destroyForcibly();
      }
    }
  }

  private static long readPid(Path file, String pattern) throws IOException {
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile(pattern).matcher(Files.readString(file));
    if (!pid.find()) {
      throw new IllegalStateException("no pid in " + file);
    }
    return Long.parseLong(pid.group(1));
  }

  /** Resident set sizes of the two processes, from {@code /proc}. */
  private record Memory(long devRss, long devPeak, long serverRss, long serverPeak) {
    static Memory of(long devPid, long serverPid) throws IOException {
      return new Memory(kib(devPid, "VmRSS"), kib(devPid, "VmHWM"), kib(serverPid, "VmRSS"), kib(serverPid, "VmHWM"));
    }

    private static long kib(long pid, String field) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      throw new IllegalStateException("no " + field + " for process " + pid);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "dev JVM RSS %4d MB (peak %4d MB)   Temporal server RSS %4d MB (peak %4d MB)",
          devRss / 1024, devPeak / 1024, serverRss / 1024, serverPeak / 1024);
    }
  }

  /** The dev's API, as an operator who starts and an approver who decides. */
  private static final class Api {
    private final URI base;
    private final Process dev;
    private final Path home;
    private final List<HttpClient> http = new ArrayList<>();
    private String operator;
    private String approver;

    Api(URI base, Path home, Process dev) {
      this.base = base;
      this.home = home;
      this.dev = dev;
      for (int i = 0; i < CLIENTS; i++) {
        http.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
      }
    }

    void awaitUp() throws Exception {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        if (!dev.isAlive()) {
          throw new IllegalStateException("trainyard dev ended with " + dev.exitValue() + ": see " + home.resolve("dev.log"));
        }
        if (Files.exists(home.resolve("dev.json"))) {
          try {
            if (http.get(0).send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
              TokenIssuer tokens = TokenIssuer.withSecret(Files.readString(home.resolve("jwt-secret")).trim());
              operator = tokens.issue("olivia", List.of(Roles.OPERATOR, Roles.VIEWER), Duration.ofHours(4));
              approver = tokens.issue("ada", List.of(Roles.APPROVER, Roles.VIEWER), Duration.ofHours(4));
              return;
            }
          } catch (IOException notYet) {
            // not listening yet
          }
        }
        Thread.sleep(250);
      }
      throw new IllegalStateException("trainyard dev did not come up: see " + home.resolve("dev.log"));
    }

    void register() throws Exception {
      HttpResponse<String> answer = send(0, HttpRequest.newBuilder(base.resolve("/v1/pipelines"))
          .header("Authorization", "Bearer " + operator).header("Content-Type", "application/yaml")
          .POST(HttpRequest.BodyPublishers.ofString(PIPELINE)).build());
      expect(answer, 201, "registering the pipeline");
    }

    /** {@code n} starts from the clients; the run ids. */
    List<String> start(int n) throws Exception {
      String prefix = "parked-" + UUID.randomUUID() + "-";
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<List<String>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.add(pool.submit(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
              HttpResponse<String> answer = send(client, HttpRequest.newBuilder(base.resolve("/v1/runs"))
                  .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                  .header("Idempotency-Key", prefix + i)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"pipeline\":\"parked\"}")).build());
              expect(answer, 201, "POST /v1/runs");
              ids.add(JSON.readTree(answer.body()).path("runId").asText());
            }
            return ids;
          }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> client : clients) {
          ids.addAll(client.get());
        }
        return ids;
      } finally {
        pool.shutdownNow();
      }
    }

    /** Waits until {@code n} runs wait at the gate; how many do. */
    int awaitWaiting(int n) throws Exception {
      long deadline = System.nanoTime() + PARK_TIMEOUT.toNanos();
      int waiting = 0;
      while (System.nanoTime() < deadline) {
        waiting = waiting();
        if (waiting >= n) {
          return waiting;
        }
        Thread.sleep(2000);
      }
      throw new IllegalStateException("only " + waiting + " of " + n + " runs reached the gate within " + PARK_TIMEOUT);
    }

    private int waiting() throws Exception {
      int count = 0;
      String cursor = null;
      do {
        String query = "/v1/approvals?limit=200" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpResponse<String> answer = send(0, HttpRequest.newBuilder(base.resolve(query))
            .header("Authorization", "Bearer " + approver).GET().build());
        expect(answer, 200, "GET /v1/approvals");
        JsonNode page = JSON.readTree(answer.body());
        count += page.path("items").size();
        cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
      } while (cursor != null);
      return count;
    }

    /** One approval, timed client-side; its microseconds. */
    long approve(String runId) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/runs/" + runId + "/approve"))
          .header("Authorization", "Bearer " + approver).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"bench\"}")).build();
      long begin = System.nanoTime();
      HttpResponse<String> answer = send(0, request);
      long micros = (System.nanoTime() - begin) / 1000;
      expect(answer, 200, "POST /v1/runs/" + runId + "/approve");
      return micros;
    }

    void awaitSucceeded(List<String> runIds) throws Exception {
      long deadline = System.nanoTime() + PARK_TIMEOUT.toNanos();
      for (String runId : runIds) {
        while (true) {
          HttpResponse<String> answer = send(0, HttpRequest.newBuilder(base.resolve("/v1/runs/" + runId))
              .header("Authorization", "Bearer " + approver).GET().build());
          expect(answer, 200, "GET /v1/runs/" + runId);
          RunState state = RunState.valueOf(JSON.readTree(answer.body()).path("state").asText());
          if (state == RunState.SUCCEEDED) {
            break;
          }
          if (state.isFinal() || System.nanoTime() > deadline) {
            throw new IllegalStateException("approved run " + runId + " is " + state);
          }
          Thread.sleep(500);
        }
      }
    }

    private HttpResponse<String> send(int client, HttpRequest request) throws Exception {
      return http.get(client).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> answer, int status, String what) {
      if (answer.statusCode() != status) {
        throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
      }
    }
  }
}
