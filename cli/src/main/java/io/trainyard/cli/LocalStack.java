package io.trainyard.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.run.AbandonedRuns;
import io.trainyard.serving.ServingConfiguration;
import io.trainyard.worker.StickyQueues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Trainyard on this machine: the embedded Temporal server (reused or started), and in this JVM
 * either the whole application (worker, serving and API on HTTP, registry) or a client of a
 * {@code trainyard dev} that runs them.
 */
final class LocalStack implements AutoCloseable {
  static final int DEFAULT_HTTP_PORT = 8080;
  static final int DEFAULT_TEMPORAL_PORT = 7233;
  private static final int LOCK_ATTEMPTS = 6;
  /** H2's words for a file lock that a process just left or another one is taking over at the same moment. */
  private static final List<String> LOCK_RACES =
      List.of("Lock file recently modified", "Locked by another process", "Another process was faster");
  /** Who serving's replayed traffic is, in tokens and logs. */
  static final String SERVING_USER = "trainyard-serving";
  static final String SERVING_TOKEN_ENV = "TRAINYARD_SERVING_TOKEN";
  static final Duration SERVING_TOKEN_TTL = Duration.ofDays(365);

  /** Why a run is ABANDONED when the embedded server lost its workflow. */
  static final String LOST_WORKFLOW =
      "the Temporal server that ran this workflow stopped (the embedded server keeps state in memory)";

  private final ApplicationContext context;
  private final EmbeddedTemporal temporal;
  private final int httpPort;

  private LocalStack(ApplicationContext context, EmbeddedTemporal temporal, int httpPort) {
    this.context = context;
    this.temporal = temporal;
    this.httpPort = httpPort;
  }

  /** The whole application in this JVM, against the embedded server (started if none listens). */
  static LocalStack serve(Path home, int httpPort, int temporalPort, Map<String, Object> extra) throws IOException {
    EmbeddedTemporal temporal = EmbeddedTemporal.ensure(temporalPort, home);
    // a server started just now has no workflows: queues recorded against an earlier one mean nothing
    List<String> orphans = temporal.owned() ? List.of() : StickyHandover.orphans(home);
    Map<String, Object> props = properties(home, httpPort, temporalPort);
    props.putAll(security(JwtSecret.ensure(home)));
    if (!orphans.isEmpty()) {
      props.put("trainyard.worker.adopt-queues", String.join(",", orphans));
    }
    props.putAll(extra);
    try {
      LocalStack stack = new LocalStack(applicationAfterACrash(props), temporal, httpPort);
      stack.abandonLostRuns();
      stack.recordStickyQueues(home, orphans);
      return stack;
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
  }

  /**
   * The application, waiting a few seconds when the H2 file is still locked by a process that was
   * killed a moment ago: H2 refuses a lock file modified in the last seconds, however dead its owner,
   * and a client of the dead process (a waiting {@code run}) may be taking the file over at the same
   * moment ("Locked by another process", "Another process was faster"); on the next attempt one of
   * the two serves the other.
   */
  private static ApplicationContext applicationAfterACrash(Map<String, Object> props) {
    for (int attempt = 1; ; attempt++) {
      try {
        return application(props);
      } catch (RuntimeException e) {
        if (attempt == LOCK_ATTEMPTS || !lockContended(e)) {
          throw e;
        }
        System.err.println("trainyard: the registry's lock file is held or fresh (a process just stopped?); trying again in 2 s");
        try {
          Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean lockContended(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && LOCK_RACES.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The application with its HTTP server. Not {@code Micronaut.run}: that one exits the JVM on a
   * start-up error, and the caller must get the error to stop what it started and explain.
   */
  static ApplicationContext application(Map<String, Object> props) {
    ApplicationContext context = ApplicationContext.builder(Trainyard.class).banner(false).properties(props).start();
    try {
      context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
      return context;
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** A client of the running {@code trainyard dev}: no worker, no HTTP server here. */
  static LocalStack client(Path home, DevState dev) {
    Map<String, Object> props = properties(home, dev.httpPort(), dev.temporalPort());
    props.put("trainyard.worker.enabled", false);
    // no pooled connections kept open: when the dev (which owns the H2 file) dies, a client that
    // reconnected in the background would take the file over and race the next dev for it
    props.put("datasources.default.minimum-idle", 0);
    return new LocalStack(ApplicationContext.run(props), null, dev.httpPort());
  }

  /**
   * Whatever is running already, or the whole application, with {@code extra} properties, for as
   * long as this command runs.
   */
  static LocalStack forCommand(Path home, int httpPort, int temporalPort, Map<String, Object> extra) throws IOException {
    Optional<DevState> dev = DevState.running(home);
    return dev.isPresent() ? client(home, dev.get()) : serve(home, httpPort, temporalPort, extra);
  }

  /**
   * The server's token settings for {@code secret}: tokens are verified with it, and serving's
   * labelled traffic gets a service token signed with it (unless {@code TRAINYARD_SERVING_TOKEN}
   * gives one). The service token lives as long as this process could, in memory only.
   */
  static Map<String, Object> security(String secret) {
    Map<String, Object> props = new HashMap<>();
    props.put(TokenIssuer.SECRET_PROPERTY, secret);
    String given = System.getenv(SERVING_TOKEN_ENV);
    props.put(ServingConfiguration.PREFIX + ".token", given != null && !given.isBlank()
        ? given
        : TokenIssuer.withSecret(secret).issue(SERVING_USER, List.of(Roles.VIEWER), SERVING_TOKEN_TTL));
    return props;
  }

  private static Map<String, Object> properties(Path home, int httpPort, int temporalPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("trainyard.home", home.toString());
    props.put("micronaut.server.port", httpPort);
    props.put("trainyard.serving.url", "http://127.0.0.1:" + httpPort);
    props.put("trainyard.temporal.target", "127.0.0.1:" + temporalPort);
    return props;
  }

  ApplicationContext context() {
    return context;
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  int httpPort() {
    return httpPort;
  }

  /** The embedded server this stack started, or null when it reused one. */
  EmbeddedTemporal temporal() {
    return temporal;
  }

  /** True when this JVM runs the worker (not a client of a dev). */
  boolean serving() {
    return temporal != null;
  }

  /**
   * Runs the registry still shows in flight but whose workflows the server no longer has (the
   * embedded server keeps state in memory) become ABANDONED, with the reason.
   */
  void abandonLostRuns() {
    WorkflowClient client = context.getBean(WorkflowClient.class);
    int abandoned =
        context.getBean(AbandonedRuns.class)
            .markAbandoned(
                run -> onServer(client, run.workflowId()), LOST_WORKFLOW);
    if (abandoned > 0) {
      System.err.println("trainyard: marked " + abandoned + " run(s) ABANDONED: their workflows are gone from the server");
    }
  }

  /**
   * Keep {@code sticky-queues.json} up to date with the queues this worker hands to workflows, plus
   * the orphans it took over while runs are in flight (a workflow whose step is still running has
   * not moved yet), so that the next worker can take them over if this one dies.
   */
  private void recordStickyQueues(Path home, List<String> orphans) {
    StickyQueues queues = context.getBean(StickyQueues.class);
    List<String> carried = context.getBean(AbandonedRuns.class).anyInFlight() ? orphans : List.of();
    Runnable record = () -> {
      Set<String> all = new LinkedHashSet<>(carried);
      all.addAll(queues.names());
      StickyHandover.record(home, List.copyOf(all));
    };
    record.run();
    queues.onNewQueue(name -> record.run());
  }

  private static boolean onServer(WorkflowClient client, String workflowId) {
    try {
      client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    context.close();
    if (temporal != null) {
      temporal.close();
    }
  }
}
