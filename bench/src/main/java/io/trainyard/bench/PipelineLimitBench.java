package io.trainyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.temporal.devserver.FreePorts;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.api.security.TokenIssuer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a 9 MB pipeline document costs the server that refuses it: {@code POST /v1/pipelines:validate}
 * (any viewer may call it) on the whole stack in one JVM, as {@code trainyard dev} runs it, with a
 * document of many steps as YAML and as JSON, one request at a time and three at once. For each:
 * the answer's status, the wall time, and the heap the request grew (the heap pools' peak above the
 * heap in use after a GC before it). It talks HTTP only, so the same class measures the code before
 * and after a change.
 *
 * <p>Run: {@code bench/run limits [MB]} (see docs/benchmarks.md).
 */
public final class PipelineLimitBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUNDS = 3;

  private PipelineLimitBench() {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    byte[] yaml = sized(new YAMLMapper(), megabytes);
    byte[] json = sized(JSON, megabytes);
    Path home = Files.createTempDirectory("trainyard-bench-limits");
    DevServer temporal = BenchTemporal.start(home);
    int httpPort = FreePorts.next();
    String secret = HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("trainyard.home", home.toString());
    props.put("trainyard.temporal.target", temporal.target());
    props.put("trainyard.worker.hardware", "cpu");
    props.put("micronaut.server.port", httpPort);
    props.put("datasources.default.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    props.put("datasources.default.username", "sa");
    props.put("datasources.default.password", "");
    props.put("datasources.default.driver-class-name", "org.h2.Driver");
    props.put("datasources.default.dialect", "H2");
    props.put("flyway.datasources.default.enabled", "true");
    props.put(TokenIssuer.SECRET_PROPERTY, secret);
    try (temporal;
        ApplicationContext context = ApplicationContext.builder().properties(props).start()) {
      context.getBean(EmbeddedServer.class).start();
      String token = TokenIssuer.withSecret(secret).issue("bench", List.of("viewer"), Duration.ofHours(1));
      URI validate = URI.create("http://127.0.0.1:" + httpPort + "/v1/pipelines:validate");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      System.out.printf(Locale.ROOT, "documents: YAML %d bytes, JSON %d bytes; max heap %d MB%n",
          yaml.length, json.length, Runtime.getRuntime().maxMemory() >> 20);
      System.out.println("| body | requests at once | status | time (median of " + ROUNDS + ") | heap grown (max) |");
      System.out.println("|---|---|---|---|---|");
      for (int parallel : new int[] {1, 3}) {
        measure(http, validate, token, "YAML", "application/yaml", yaml, parallel);
        measure(http, validate, token, "JSON", "application/json", json, parallel);
      }
    }
  }

  private static void measure(HttpClient http, URI uri, String token, String name, String type, byte[] body, int parallel)
      throws Exception {
    List<Long> millis = new ArrayList<>();
    long grown = 0;
    String statuses = "";
    for (int round = 0; round < ROUNDS; round++) {
      System.gc();
      long before = heapUsed();
      resetPeaks();
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
            .header("Authorization", "Bearer " + token).header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      List<Integer> codes = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        codes.add(answer.get().statusCode());
      }
      millis.add((System.nanoTime() - start) / 1_000_000);
      grown = Math.max(grown, heapPeak() - before);
      statuses = codes.stream().distinct().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
    }
    millis.sort(Long::compare);
    System.out.printf(Locale.ROOT, "| %s | %d | %s | %d ms | %d MB |%n", name, parallel, statuses, millis.get(ROUNDS / 2), grown >> 20);
  }

  /** The document in {@code mapper}'s format with as many steps as make it {@code megabytes} MB (10^6 bytes) or just more. */
  private static byte[] sized(ObjectMapper mapper, int megabytes) throws IOException {
    long perStep = mapper.writeValueAsBytes(document(1001)).length - mapper.writeValueAsBytes(document(1)).length;
    return mapper.writeValueAsBytes(document((int) (megabytes * 1e9 / perStep) + 1));
  }

  /** A pipeline of {@code count} steps, each with a field the schema does not know. */
  private static Map<String, Object> document(int count) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "trainyard.io/v1");
    doc.put("kind", "Pipeline");
    doc.put("metadata", Map.of("name", "huge"));
    doc.put("model", Map.of("name", "m", "artifact", "${steps.s0.outputs.model}"));
    List<Object> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("name", "s" + i);
      step.put("run", "python train.py --fold " + i);
      step.put("outputs", List.of("model"));
      step.put("hardware", "cpu");
      step.put("colour", "blue");
      steps.add(step);
    }
    doc.put("train", steps);
    return doc;
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since the reset: at least the heap's own peak. */
  private static long heapPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

}
