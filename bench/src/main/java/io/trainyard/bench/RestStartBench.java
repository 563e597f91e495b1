package io.trainyard.bench;

import io.micronaut.context.ApplicationContext;
import io.trainyard.temporal.devserver.FreePorts;
import io.micronaut.runtime.server.EmbeddedServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.run.RunIds;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import io.trainyard.run.RunState;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.worker.WorkerConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * How fast {@code POST /v1/runs} answers under concurrent clients, beside bare SDK starts on the
 * same server in the same run. One Temporal dev server; one JVM serving the API with the worker as
 * {@code trainyard dev} does, and a bare worker on its own task queue. The pipeline is one
 * {@code builtin:touch} step, no gate, direct rollout. Each side makes its starts from CLIENTS
 * threads (the REST side one HTTP client and connection per thread, each start with its own
 * {@code Idempotency-Key}; the bare side {@code WorkflowClient.start} of a workflow that runs no
 * activity, through one shared client as an SDK user would). A third side starts a workflow that
 * does nothing with what a run's start sends the server (the {@link RunInput} with the spec, and
 * {@link RunWorkflowOptions}: search attributes, summary and details), so that the server's share
 * of a REST start shows apart from the API's. The sides take turns in rounds of N/ROUNDS starts,
 * the order reversed every other round, and every round waits until the workflows it started have
 * finished, so that no side's runs load the machine during another's turn. Starts per second is a side's starts over the wall time of its rounds. With
 * {@code -Dtrainyard.worker.enabled=false} the JVM has no Trainyard worker: the REST-started runs do
 * not execute, which measures the start path alone, without its runs loading the machine.
 *
 * <p>Run: {@code bench/run starts [N] [CLIENTS] [ROUNDS]} (see docs/benchmarks.md).
 */
public final class RestStartBench {
  private static final String BARE_QUEUE = "bench-bare-starts";
  private static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(15);
  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata:
        name: starts
        description: One builtin step, no gate, direct rollout.
      model:
        name: starts-model
        artifact: ${steps.touch.outputs.out}
      train:
        - name: touch
          run: builtin:touch
          outputs: [out]
      rollout:
        strategy: direct
      """;

  private RestStartBench() {}

  public static void main(String[] args) throws Exception {
    int starts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path home = Files.createTempDirectory("trainyard-bench-starts");
    int httpPort = FreePorts.next();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    try (DevServer temporal = BenchTemporal.start(home);
        ApplicationContext context = ApplicationContext.run(Map.of(
            "trainyard.home", home.toString(),
            "trainyard.temporal.target", temporal.target(),
            "trainyard.worker.hardware", "cpu",
            StepSpec.BUILTINS_PROPERTY, List.of("touch"),
            "micronaut.server.port", httpPort,
            TokenIssuer.SECRET_PROPERTY, secret))) {
      context.getBean(EmbeddedServer.class).start();
      WorkflowClient client = context.getBean(WorkflowClient.class);
      WorkerFactory bare = WorkerFactory.newInstance(client);
      bare.newWorker(BARE_QUEUE).registerWorkflowImplementationTypes(BareWorkflowImpl.class, BareRunWorkflowImpl.class);
      bare.start();
      String token = TokenIssuer.withSecret(secret).issue("olivia", List.of(Roles.OPERATOR, Roles.VIEWER), Duration.ofHours(2));
      boolean runsExecute = context.getProperty(WorkerConfiguration.PREFIX + ".enabled", Boolean.class).orElse(true);
      Sides sides = new Sides(URI.create("http://127.0.0.1:" + httpPort), token, client,
          context.getBean(RunRepository.class), clients, runsExecute);
      sides.register();
      PipelineVersionRecord registered = context.getBean(PipelineCatalog.class).record("starts", null);
      PipelineSpec spec = SpecJson.spec(registered.specJson());

      System.out.printf("warm-up: %d starts a side%n", clients);
      sides.rest(clients, "warmup");
      sides.bare(clients, "warmup");
      sides.bareRun(clients, spec, registered.version());
      Side rest = new Side("REST POST /v1/runs");
      Side sdk = new Side("bare WorkflowClient.start");
      Side runLike = new Side("bare, a run's input+options");
      int perRound = starts / rounds;
      for (int round = 0; round < rounds; round++) {
        int n = round == rounds - 1 ? starts - perRound * (rounds - 1) : perRound;
        List<Integer> order = round % 2 == 0 ? List.of(0, 1, 2) : List.of(2, 1, 0);
        for (int side : order) {
          switch (side) {
            case 0 -> rest.add(sides.rest(n, "r" + round));
            case 1 -> sdk.add(sides.bare(n, "r" + round));
            default -> runLike.add(sides.bareRun(n, spec, registered.version()));
          }
        }
      }
      bare.shutdown();
      System.out.printf(Locale.ROOT, "%d starts a side from %d concurrent clients, %d rounds a side (alternating, after %d warm-up starts a side)%n",
          starts, clients, rounds, clients);
      rest.print();
      sdk.print();
      runLike.print();
      System.out.printf(Locale.ROOT, "ratio REST / bare starts per second: %.2f; REST / bare with a run's input+options: %.2f;"
              + " bare with a run's input+options / bare: %.2f%n",
          rest.perSecond() / sdk.perSecond(), rest.perSecond() / runLike.perSecond(), runLike.perSecond() / sdk.perSecond());
      if (!runsExecute) {
        System.out.println("REST-started runs: not executed (no Trainyard worker: trainyard.worker.enabled=false)");
        return;
      }
      System.out.printf(Locale.ROOT, "REST-started runs: %d of %d succeeded, %d finished otherwise; "
              + "last start answer → last run finished: %s ms per round%n",
          rest.succeeded, rest.count(), rest.count() - rest.succeeded, rest.drains);
    }
  }

  /** One round's figures: start latencies, wall time, and how the started runs ended. */
  private record Round(List<Long> micros, long wallNanos, int succeeded, long drainMillis) {}

  /** The figures of one side over its rounds. */
  private static final class Side {
    private final String name;
    private final Histogram micros = new Histogram(3);
    private long wallNanos;
    private int succeeded;
    private final List<Long> drains = new ArrayList<>();

    Side(String name) {
      this.name = name;
    }

    void add(Round round) {
      round.micros().forEach(micros::recordValue);
      wallNanos += round.wallNanos();
      succeeded += round.succeeded();
      drains.add(round.drainMillis());
    }

    long count() {
      return micros.getTotalCount();
    }

    double perSecond() {
      return count() / (wallNanos / 1e9);
    }

    void print() {
      System.out.printf(Locale.ROOT, "%-28s %4d starts  %7.1f starts/s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n",
          name, count(), perSecond(), micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
    }
  }

  /** Makes the starts of either side and waits for what they started. */
  private static final class Sides {
    private final URI base;
    private final String token;
    private final WorkflowClient client;
    private final RunRepository runs;
    private final int clients;
    private final boolean runsExecute;
    private final List<HttpClient> http = new ArrayList<>();

    Sides(URI base, String token, WorkflowClient client, RunRepository runs, int clients, boolean runsExecute) {
      this.base = base;
      this.token = token;
      this.client = client;
      this.runs = runs;
      this.clients = clients;
      this.runsExecute = runsExecute;
      for (int i = 0; i < clients; i++) {
        http.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      }
    }

    void register() throws Exception {
      HttpResponse<String> answer = http.get(0).send(HttpRequest.newBuilder(base.resolve("/v1/pipelines"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
          .POST(HttpRequest.BodyPublishers.ofString(PIPELINE)).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 201) {
        throw new IllegalStateException("registering the pipeline answered " + answer.statusCode() + ": " + answer.body());
      }
    }

    /** {@code n} REST starts, then every run they started to its end. */
    Round rest(int n, String tag) throws Exception {
      ConcurrentLinkedQueue<String> runIds = new ConcurrentLinkedQueue<>();
      String prefix = "bench-" + tag + "-" + UUID.randomUUID() + "-";
      Timed timed = concurrently(n, (worker, i) -> {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/runs"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .header("Idempotency-Key", prefix + i)
            .POST(HttpRequest.BodyPublishers.ofString("{\"pipeline\":\"starts\"}")).build();
        long start = System.nanoTime();
        HttpResponse<String> answer = http.get(worker).send(request, HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - start) / 1000;
        Matcher id = RUN_ID.matcher(answer.body());
        if (answer.statusCode() != 201 || !id.find()) {
          throw new IllegalStateException("POST /v1/runs answered " + answer.statusCode() + ": " + answer.body());
        }
        runIds.add(id.group(1));
        return micros;
      });
      long answered = System.nanoTime();
      int succeeded = 0;
      for (String runId : runsExecute ? runIds : List.<String>of()) {
        if (awaitEnd(runId) == RunState.SUCCEEDED) {
          succeeded++;
        }
      }
      return new Round(timed.micros(), timed.wallNanos(), succeeded, (System.nanoTime() - answered) / 1_000_000);
    }

    /** {@code n} bare SDK starts, then every workflow they started to its end. */
    Round bare(int n, String tag) throws Exception {
      String prefix = "bare-" + tag + "-" + UUID.randomUUID() + "-";
      return bareStarts(n, i -> new BareStart(client.newUntypedWorkflowStub("BareWorkflow",
          WorkflowOptions.newBuilder().setTaskQueue(BARE_QUEUE).setWorkflowId(prefix + i).build()), 0));
    }

    /** {@code n} bare SDK starts of a workflow that does nothing, with a run's input and workflow options. */
    Round bareRun(int n, PipelineSpec spec, String version) throws Exception {
      return bareStarts(n, i -> {
        RunInput input = new RunInput(RunIds.next(), spec, version, Map.of(), "olivia", "bench", RunTrigger.api(), null);
        return new BareStart(client.newUntypedWorkflowStub("BareRunWorkflow", RunWorkflowOptions.of(input).toBuilder()
            .setTaskQueue(BARE_QUEUE).setWorkflowId("bare-" + input.workflowId()).build()), input);
      });
    }

    /** A stub to start and what to start it with. */
    private record BareStart(WorkflowStub stub, Object argument) {}

    /** {@code n} starts made by {@code starts} from the clients, timed around the start call alone, then awaited. */
    private Round bareStarts(int n, java.util.function.IntFunction<BareStart> starts) throws Exception {
      ConcurrentLinkedQueue<WorkflowStub> started = new ConcurrentLinkedQueue<>();
      Timed timed = concurrently(n, (worker, i) -> {
        BareStart start = starts.apply(i);
        long begin = System.nanoTime();
        start.stub().start(start.argument());
        long micros = (System.nanoTime() - begin) / 1000;
        started.add(start.stub());
        return micros;
      });
      long answered = System.nanoTime();
      for (WorkflowStub stub : started) {
        stub.getResult(Integer.class);
      }
      return new Round(timed.micros(), timed.wallNanos(), started.size(), (System.nanoTime() - answered) / 1_000_000);
    }

    private RunState awaitEnd(String runId) throws InterruptedException {
      long deadline = System.nanoTime() + FINISH_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        Optional<RunState> state = runs.findById(runId).map(RunRecord::state).map(RunState::valueOf);
        if (state.isPresent() && state.get().isFinal()) {
          return state.get();
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("run " + runId + " did not finish within " + FINISH_TIMEOUT);
    }

    /** {@code n} starts taken in turn by {@code clients} threads; each start's latency and the wall time. */
    private Timed concurrently(int n, Start start) throws Exception {
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<List<Long>>> workers = new ArrayList<>();
        long begin = System.nanoTime();
        for (int w = 0; w < clients; w++) {
          int worker = w;
          workers.add(pool.submit(() -> {
            List<Long> micros = new ArrayList<>();
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
              micros.add(start.start(worker, i));
            }
            return micros;
          }));
        }
        List<Long> micros = new ArrayList<>();
        for (Future<List<Long>> worker : workers) {
          micros.addAll(worker.get());
        }
        return new Timed(micros, System.nanoTime() - begin);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private record Timed(List<Long> micros, long wallNanos) {}

  /** One start by client {@code worker}, the {@code i}-th of its round; its latency in microseconds. */
  @FunctionalInterface
  private interface Start {
    long start(int worker, int i) throws Exception;
  }
}
