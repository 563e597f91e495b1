package io.trainyard.api;

import io.micronaut.context.ApplicationContext;
import io.trainyard.temporal.devserver.FreePorts;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.temporal.client.WorkflowClient;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.spec.ParameterValues;
import io.trainyard.spec.PipelineVersion;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.temporal.devserver.DevServerSettings;
import io.trainyard.temporal.devserver.TemporalCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole of Trainyard in one JVM for API tests, as {@code trainyard dev} runs it: the real
 * Temporal server ({@code temporal server start-dev}, resolved as {@code trainyard} resolves it) on
 * ports of its own (real gRPC), the worker with every activity, the API and
 * serving on one HTTP port, and the registry on the database the test asks for (H2 or the embedded
 * PostgreSQL of {@code TestDatabases}). Tokens are signed with a random secret per stack; serving
 * gets a service token signed with it ({@code trainyard.serving.token}), as the embedded stacks do.
 */
public final class ApiTestStack implements AutoCloseable {
  /** What an hour of the {@code cpu} class costs in the stack. */
  public static final String CPU_HOURLY_PRICE = "36";
  private static final TemporalCli CLI =
      TemporalCli.resolve(Path.of(System.getProperty("trainyard.build-home", "../.trainyard")), System.err::println);

  private final DevServer temporal;
  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final HttpClient http;
  private final Path home;

  private ApiTestStack(DevServer temporal, ApplicationContext context, Path home) {
    this.temporal = temporal;
    this.context = context;
    this.server = context.getBean(EmbeddedServer.class);
    this.http = context.createBean(HttpClient.class, server.getURL());
    this.home = home;
  }

  /** A stack on {@code database} (properties from {@code TestDatabases.h2()} or {@code postgres()}). */
  public static ApiTestStack start(Map<String, String> database) {
    return start(database, null);
  }

  /** A stack with tracing on, whose every span goes to {@code spans} (nothing is exported). */
  public static ApiTestStack traced(Map<String, String> database, SpanProcessor spans) {
    return start(database, spans);
  }

  private static ApiTestStack start(Map<String, String> database, SpanProcessor spans) {
    try {
      Path home = Files.createTempDirectory("trainyard-api-test");
      int httpPort = FreePorts.next();
      DevServer temporal = DevServer.ensure(CLI, new DevServerSettings(FreePorts.next(), FreePorts.next(), FreePorts.next(),
          home.resolve("temporal"), "default", DevServerSettings.DEFAULT_RETENTION), RunSearchAttributes.all(), System.err::println);
      Map<String, Object> props = new HashMap<>(database);
      props.put("trainyard.home", home.toString());
      props.put("trainyard.temporal.target", temporal.target());
      props.put("trainyard.worker.hardware", "cpu");
      // a second of a step costs 0.01 (USD): the cost ledger's figures are easy to read in tests
      props.put("trainyard.hardware.cpu.hourly-price", ApiTestStack.CPU_HOURLY_PRICE);
      props.put("micronaut.server.port", httpPort);
      props.put("trainyard.serving.url", "http://127.0.0.1:" + httpPort);
      String secret = randomSecret();
      props.put(TokenIssuer.SECRET_PROPERTY, secret);
      // the canary's labelled traffic goes through serving, which wants a token like any caller
      props.put("trainyard.serving.token",
          TokenIssuer.withSecret(secret).issue("trainyard-serving", List.of(Roles.VIEWER), Duration.ofHours(2)));
      var builder = ApplicationContext.builder();
      if (spans != null) {
        // tracing on (the switch follows otel.traces.exporter); Micronaut's OpenTelemetry takes the processor bean
        props.put("otel.traces.exporter", "none");
        builder.singletons(spans);
      }
      ApplicationContext context = builder.properties(props).start();
      try {
        context.getBean(EmbeddedServer.class).start();
      } catch (RuntimeException e) {
        context.close();
        temporal.close();
        throw e;
      }
      return new ApiTestStack(temporal, context, home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signed token for {@code user} with {@code roles}, valid for an hour. */
  public String token(String user, String... roles) {
    return context.getBean(TokenGenerator.class)
        .generateToken(Authentication.build(user, List.of(roles)), 3600)
        .orElseThrow(() -> new IllegalStateException("no token generated: is a signing secret configured?"));
  }

  /** A blocking client of the stack's HTTP server. */
  public BlockingHttpClient http() {
    return http.toBlocking();
  }

  /** The non-blocking client, for streams and concurrent requests. */
  public HttpClient client() {
    return http;
  }

  public URL url() {
    return server.getURL();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** The bean of {@code type} named {@code name} (such as the API's {@code @Named("api")} Temporal clients). */
  public <T> T bean(Class<T> type, String name) {
    return context.getBean(type, io.micronaut.inject.qualifiers.Qualifiers.byName(name));
  }

  /** Stop the Temporal server, to see how the API behaves without it. */
  public void stopTemporal() {
    temporal.close();
  }

  /** Trainyard's home folder of this stack (artifacts, logs, work directories). */
  public Path home() {
    return home;
  }

  /**
   * Start a run of {@code pipelineText} as {@code user} straight on Temporal, the way {@code
   * trainyard run} does (no pipeline registration, no start request); its run id.
   */
  public String startRun(String pipelineText, String user) {
    PipelineSpec spec = bean(PipelineCatalog.class).parse(pipelineText);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    RunInput input = new RunInput(runId, spec, PipelineVersion.of(spec), ParameterValues.resolve(spec, Map.of()), user, "test",
        RunTrigger.api(), null);
    ModelRunWorkflow run = bean(WorkflowClient.class).newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
    WorkflowClient.start(run::run, input);
    return runId;
  }

  /**
   * The example pipeline ({@code examples/breast-cancer}) as a server takes it: its data copied under
   * this home's {@code data/} folder (the one input root a server allows by default) and named there
   * by a {@code file:} URI.
   */
  public String examplePipeline() {
    Path example = Path.of("../examples/breast-cancer").toAbsolutePath().normalize();
    try {
      Path data = Files.createDirectories(home.resolve("data")).resolve("breast-cancer-wisconsin.csv");
      if (!Files.exists(data)) {
        Files.copy(example.resolve("data/breast-cancer-wisconsin.csv"), data);
      }
      return Files.readString(example.resolve("pipeline.yaml"))
          .replace("data/breast-cancer-wisconsin.csv", data.toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test pipeline from {@code src/test/resources/pipelines}. */
  public static String pipeline(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/pipelines", name + ".yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.close();
    context.close();
    // the server's state goes with the home: killed, it is gone at once, where a graceful stop takes a second
    ProcessHandle.of(temporal.pid()).ifPresent(server -> {
      server.destroyForcibly();
      server.onExit().join();
    });
    temporal.close();
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

}
