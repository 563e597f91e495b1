package io.trainyard.bench;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.temporal.client.WorkflowClient;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.temporal.devserver.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tracing and metrics cost when on, against off, in one run: two whole Trainyard applications
 * in this JVM, each with its own Temporal dev server, one with both off ({@code
 * micronaut.metrics.enabled=false}, no {@code OTEL_TRACES_EXPORTER}) and one exporting every span
 * over OTLP/HTTP to a sink here and keeping its metrics (the default), scraped every second as a
 * Prometheus would (in process: the exposition the endpoint writes). Each round runs the same chain
 * of builtin steps on both, in alternating order; the ratio on/off is taken per round and reported
 * as the median with the quartiles.
 *
 * <p>Run: {@code bench/run observability [rounds] [steps]} (see docs/benchmarks.md).
 */
public final class ObservabilityOverheadBench {
  private ObservabilityOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (Sink sink = Sink.start();
        Side off = Side.start("off", Map.of("micronaut.metrics.enabled", false));
        Side on = Side.start("on", on(sink));
        Scraper scraper = Scraper.start(on.context.getBean(PrometheusMeterRegistry.class))) {
      for (int i = 0; i < 2; i++) {
        off.run(steps);
        on.run(steps);
      }
      List<Double> offMillis = new ArrayList<>();
      List<Double> onMillis = new ArrayList<>();
      long requestsBefore = sink.requests.get();
      for (int i = 0; i < rounds; i++) {
        boolean onFirst = i % 2 == 0;
        double first = (onFirst ? on : off).run(steps);
        double second = (onFirst ? off : on).run(steps);
        onMillis.add(onFirst ? first : second);
        offMillis.add(onFirst ? second : first);
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        ratios.add(onMillis.get(i) / offMillis.get(i));
      }
      System.out.printf(Locale.ROOT,
          "rounds=%d steps=%d (one run of a chain of builtin steps per side and round, alternating)%n"
              + "off (no metrics, no tracing):   %s ms per run%n"
              + "on (metrics scraped, traces):   %s ms per run%n"
              + "ratio on/off per round:         %s%n"
              + "exported: %d OTLP requests, %d bytes while measuring; %d scrapes of %d bytes on average%n",
          rounds, steps, Stats.spread(offMillis, "%.1f"), Stats.spread(onMillis, "%.1f"), Stats.spread(ratios, "%.3f"),
          sink.requests.get() - requestsBefore, sink.bytes.get(), scraper.scrapes.get(),
          scraper.scrapes.get() == 0 ? 0 : scraper.bytes.get() / scraper.scrapes.get());
    }
  }

  /** Tracing on, exporting to the sink as soon as a batch is due, as an operator would configure it. */
  private static Map<String, Object> on(Sink sink) {
    return Map.of(
        "otel.traces.exporter", "otlp",
        "otel.exporter.otlp.endpoint", sink.endpoint(),
        "otel.service.name", "trainyard-bench",
        "micronaut.metrics.enabled", true);
  }

  /** One Trainyard application with its own dev server. */
  private static final class Side implements AutoCloseable {
    private final String name;
    private final DevServer server;
    private final ApplicationContext context;
    private final WorkflowClient client;
    private int runs;

    private Side(String name, DevServer server, ApplicationContext context) {
      this.name = name;
      this.server = server;
      this.context = context;
      this.client = context.getBean(WorkflowClient.class);
    }

    static Side start(String name, Map<String, Object> extra) throws IOException {
      Path home = Files.createTempDirectory("trainyard-bench-" + name);
      DevServer server = BenchTemporal.start(home);
      Map<String, Object> props = new HashMap<>(Map.of(
          "trainyard.home", home.toString(),
          "trainyard.temporal.target", server.target(),
          "trainyard.worker.hardware", "cpu",
          // both sides log alike: warnings only, as `trainyard run` does
          "logger.levels.io.trainyard.step.StepActivitiesImpl", "WARN"));
      props.putAll(extra);
      return new Side(name, server, ApplicationContext.run(props));
    }

    double run(int steps) {
      RunInput input = new RunInput(name + (runs++), EngineOverheadBench.chain(steps), "bench", Map.of(), "bench", "bench",
          RunTrigger.api(), null);
      ModelRunWorkflow wf = client.newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
      long start = System.nanoTime();
      RunStatus status = wf.run(input);
      double millis = (System.nanoTime() - start) / 1e6;
      if (status.state() != RunState.SUCCEEDED) {
        throw new IllegalStateException("bench run on " + name + " did not succeed: " + status.message());
      }
      return millis;
    }

    @Override
    public void close() {
      context.close();
      server.close();
    }
  }

  /** Writes the Prometheus exposition every second, as a scrape of /prometheus makes the registry do. */
  private static final class Scraper implements AutoCloseable {
    private final ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    static Scraper start(PrometheusMeterRegistry registry) {
      Scraper scraper = new Scraper();
      scraper.every.scheduleAtFixedRate(() -> {
        scraper.bytes.addAndGet(registry.scrape().length());
        scraper.scrapes.incrementAndGet();
      }, 1, 1, TimeUnit.SECONDS);
      return scraper;
    }

    @Override
    public void close() {
      every.shutdownNow();
    }
  }

  /** An OTLP/HTTP endpoint that reads and drops what it gets, as a collector's receiver would answer. */
  private static final class Sink implements AutoCloseable {
    private final HttpServer http;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private Sink(HttpServer http) {
      this.http = http;
    }

    static Sink start() throws IOException {
      Sink sink = new Sink(HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0));
      sink.http.createContext("/", exchange -> {
        try (InputStream body = exchange.getRequestBody()) {
          sink.bytes.addAndGet(body.readAllBytes().length);
        }
        sink.requests.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      sink.http.start();
      return sink;
    }

    String endpoint() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
