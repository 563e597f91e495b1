package io.trainyard.bench;

import io.micronaut.context.ApplicationContext;
import io.trainyard.temporal.devserver.FreePorts;
import io.micronaut.runtime.server.EmbeddedServer;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * How fast {@code GET /v1/approvals} pages with thousands of runs waiting at their gate. The API
 * and worker run in one JVM as {@code trainyard dev} runs them (standalone Temporal test server,
 * HTTP on a free port), on the embedded default's H2 file registry or an embedded PostgreSQL. The
 * waiting runs are written straight into the registry (a run row in {@code WAITING_APPROVAL} and
 * its {@code gate_wait} row, as the workflow's registry activity writes them), because the listing
 * reads nothing else; 10% more runs have moved on from the gate, so the join has rows to skip.
 * Each round walks every page at limit 50 and at limit 200, one request at a time, and the bench
 * prints p50, p95, p99 and the maximum per page size over the measured rounds.
 *
 * <p>Run: {@code bench/run approvals [h2|postgres] [WAITING] [ROUNDS]} (see docs/benchmarks.md).
 */
public final class ApprovalListingBench {
  private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
  private static final int WARMUP_ROUNDS = 3;

  private ApprovalListingBench() {}

  public static void main(String[] args) throws Exception {
    String database = args.length > 0 ? args[0] : "h2";
    int waiting = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path home = Files.createTempDirectory("trainyard-bench-approvals");
    DevServer temporal = BenchTemporal.start(home);
    int httpPort = FreePorts.next();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    Map<String, Object> props = new HashMap<>();
    props.put("trainyard.home", home.toString());
    props.put("trainyard.temporal.target", temporal.target());
    props.put("trainyard.worker.hardware", "cpu");
    props.put("micronaut.server.port", httpPort);
    props.put(TokenIssuer.SECRET_PROPERTY, secret);
    EmbeddedPostgres postgres = database.equals("postgres") ? EmbeddedPostgres.start() : null;
    if (postgres != null) {
      props.put("datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"));
      props.put("datasources.default.username", "postgres");
      props.put("datasources.default.password", "postgres");
      props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
      props.put("datasources.default.dialect", "POSTGRES");
    }
    try (Closeable pg = postgres == null ? () -> {} : postgres;
        temporal;
        ApplicationContext context = ApplicationContext.run(props)) {
      context.getBean(EmbeddedServer.class).start();
      seed(context, waiting, waiting / 10);
      String token = TokenIssuer.withSecret(secret).issue("vera", List.of(Roles.VIEWER), Duration.ofHours(1));
      URI base = URI.create("http://127.0.0.1:" + httpPort);
      HttpClient http = HttpClient.newHttpClient();
      Map<Integer, Histogram> micros = new HashMap<>();
      for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
        for (int limit : new int[] {50, 200}) {
          List<Long> times = walk(http, base, token, limit, waiting);
          if (round >= WARMUP_ROUNDS) {
            times.forEach(micros.computeIfAbsent(limit, l -> new Histogram(3))::recordValue);
          }
        }
      }
      System.out.printf("database %s, %d runs waiting (+%d moved on), %d rounds after %d warm-up%n",
          database, waiting, waiting / 10, rounds, WARMUP_ROUNDS);
      for (int limit : new int[] {50, 200}) {
        Histogram times = micros.get(limit);
        System.out.printf("limit %3d: %5d pages  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
            limit, times.getTotalCount(), ms(times.getValueAtPercentile(50)), ms(times.getValueAtPercentile(95)),
            ms(times.getValueAtPercentile(99)), ms(times.getMaxValue()));
      }
    }
  }

  /** Every page of the listing at {@code limit}; the time of each request in microseconds. */
  private static List<Long> walk(HttpClient http, URI base, String token, int limit, int waiting) throws Exception {
    List<Long> times = new ArrayList<>();
    String cursor = null;
    int items = 0;
    do {
      HttpRequest request = HttpRequest.newBuilder(base.resolve(
              "/v1/approvals?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)))
          .header("Authorization", "Bearer " + token).GET().build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      times.add((System.nanoTime() - start) / 1000);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /v1/approvals answered " + response.statusCode() + ": " + response.body());
      }
      items += count(response.body(), "\"runId\"");
      Matcher next = NEXT.matcher(response.body());
      cursor = next.find() ? next.group(1) : null;
    } while (cursor != null);
    if (items != waiting) {
      throw new IllegalStateException("the pages listed " + items + " runs, not " + waiting);
    }
    return times;
  }

  /** {@code waiting} runs at their gate and {@code movedOn} that were there once. */
  private static void seed(ApplicationContext context, int waiting, int movedOn) {
    RunRepository runs = context.getBean(RunRepository.class);
    GateWaitRepository gates = context.getBean(GateWaitRepository.class);
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    List<RunRecord> runRows = new ArrayList<>();
    List<GateWaitRecord> gateRows = new ArrayList<>();
    for (int i = 0; i < waiting + movedOn; i++) {
      String runId = String.format("bench%06d", i);
      Instant since = t0.plusMillis(i * 997L % 86_400_000L);
      String state = i < waiting ? "WAITING_APPROVAL" : "SUCCEEDED";
      runRows.add(new RunRecord(runId, "run-bench-" + runId, "bench", "sha256:aa", "bench-model", "{\"epochs\":20}",
          "olivia", state, "GATE", "waiting for 2 approvals by role approver", "{}", null, null, since, null, null, null, null, null));
      gateRows.add(new GateWaitRecord(runId, "bench", "bench-model", "olivia", 2, "approver", true, 1,
          "[\"arthur\"]", "{\"accuracy\":0.97,\"auc\":0.99}", since, since.plusSeconds(86_400)));
    }
    runs.saveAll(runRows);
    gates.saveAll(gateRows);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

}
