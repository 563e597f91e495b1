package io.trainyard.bench;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trainyard.temporal.devserver.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
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
        BenchApplication off = BenchApplication.start("off", Map.of("micronaut.metrics.enabled", false));
        BenchApplication on = BenchApplication.start("on", on(sink));
        Scraper scraper = Scraper.start(on.context().getBean(PrometheusMeterRegistry.class))) {
      long requestsBefore = sink.requests.get();
      SideBySide measured = SideBySide.measure(off, on, rounds, steps);
      System.out.printf(Locale.ROOT,
          "rounds=%d steps=%d (one run of a chain of builtin steps per side and round, alternating)%n"
              + "off (no metrics, no tracing):   %s ms per run%n"
              + "on (metrics scraped, traces):   %s ms per run%n"
              + "ratio on/off per round pair:    %s%n"
              + "exported: %d OTLP requests, %d bytes (warm-up runs included); %d scrapes of %d bytes on average%n",
          rounds, steps, Stats.spread(measured.baseMillis(), "%.1f"), Stats.spread(measured.otherMillis(), "%.1f"),
          Stats.spread(measured.ratios(), "%.3f"),
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
