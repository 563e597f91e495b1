package io.trainyard.cli;

import io.micronaut.context.ApplicationContext;
import io.trainyard.run.AbandonedRuns;
import io.trainyard.step.BuiltinExecutor;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.ui.codec.CodecController;
import io.trainyard.ui.codec.CodecSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trainyard on this machine: the embedded Temporal server (adopted or started), and in this JVM
 * either the whole application (worker, serving and API on HTTP, registry) or a client of a
 * {@code trainyard dev} that runs them.
 */
final class LocalStack implements AutoCloseable {
  private final Path home;
  private final ApplicationContext context;
  private final DevServer temporal;
  private final int httpPort;

  private LocalStack(Path home, ApplicationContext context, DevServer temporal, int httpPort) {
    this.home = home;
    this.context = context;
    this.temporal = temporal;
    this.httpPort = httpPort;
  }

  /** The whole application in this JVM, against the home's embedded server. */
  static LocalStack serve(Path home, int httpPort, TemporalServerOptions server, Map<String, Object> extra) throws IOException {
    DevServer temporal = server.ensure(home, "http://127.0.0.1:" + httpPort + CodecController.PATH);
    Map<String, Object> props = properties(home, httpPort, temporal.target());
    props.putAll(codecOrigins(temporal));
    props.putAll(LocalSecurity.properties(JwtSecret.ensure(home)));
    props.putAll(extra);
    try {
      LocalStack stack = new LocalStack(home, LocalApplication.startAfterACrash(props), temporal, httpPort);
      if (temporal.freshDatabase()) {
        stack.abandonRunsOfALostDatabase(temporal);
      }
      return stack;
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
  }

  /**
   * The embedded Web UI is the browser origin the codec server answers (docs/security.md), unless
   * {@code TRAINYARD_CODEC_UI_ORIGINS} names others.
   */
  private static Map<String, Object> codecOrigins(DevServer temporal) {
    String given = System.getenv("TRAINYARD_CODEC_UI_ORIGINS");
    if (given != null && !given.isBlank()) {
      return Map.of();
    }
    int ui = temporal.settings().uiPort();
    return Map.of(CodecSettings.PREFIX + ".ui-origins", "http://127.0.0.1:" + ui + ",http://localhost:" + ui);
  }

  /** A client of the running {@code trainyard dev}: no worker, no HTTP server, no server of its own here. */
  static LocalStack client(Path home, DevState dev) {
    Map<String, Object> props = properties(home, dev.httpPort(), "127.0.0.1:" + dev.temporalPort());
    props.put("trainyard.worker.enabled", false);
    // no pooled connections kept open: when the dev (which owns the H2 file) dies, a client that
    // reconnected in the background would take the file over and race the next dev for it
    props.put("datasources.default.minimum-idle", 0);
    return new LocalStack(home, ApplicationContext.run(props), null, dev.httpPort());
  }

  /**
   * Whatever is running already, or the whole application, with {@code extra} properties, for as
   * long as this command runs. The command follows its run on the terminal, so the in-process
   * worker's step events (logged as they happen by a long-running worker) are left to that
   * progress: only their warnings show.
   */
  static LocalStack forCommand(Path home, int httpPort, TemporalServerOptions server, Map<String, Object> extra)
      throws IOException {
    Optional<DevState> dev = DevState.running(home);
    if (dev.isPresent()) {
      return client(home, dev.get());
    }
    Map<String, Object> quiet = new HashMap<>(extra);
    quiet.put("logger.levels." + STEP_EVENTS, "WARN");
    return serve(home, httpPort, server, quiet);
  }

  /** The logger of step attempts' events (started, succeeded, failed). */
  private static final String STEP_EVENTS = "io.trainyard.step.StepActivitiesImpl";

  private static Map<String, Object> properties(Path home, int httpPort, String temporalTarget) {
    Map<String, Object> props = new HashMap<>();
    props.put("trainyard.home", home.toString());
    props.put("micronaut.server.port", httpPort);
    props.put("trainyard.serving.url", "http://127.0.0.1:" + httpPort);
    props.put("trainyard.temporal.target", temporalTarget);
    // what the API's start path records in each run's lineage, and the worker with each builtin it runs
    props.put(BuiltinExecutor.CODE_VERSION, CodeVersion.current());
    // every client and worker of this machine encrypts payloads with the home's keys
    props.putAll(PayloadKeyFile.properties(home));
    return props;
  }

  /**
   * The server's database was created just now, so the runs the registry still shows in flight
   * have no workflow anywhere (their database was deleted): they end ABANDONED, with the reason,
   * instead of showing RUNNING for ever.
   */
  private void abandonRunsOfALostDatabase(DevServer server) {
    int abandoned = context.getBean(AbandonedRuns.class).abandonInFlight(AbandonedRuns.LOST_WORKFLOW);
    if (abandoned > 0) {
      System.err.println("trainyard: marked " + abandoned + " run(s) ABANDONED: the Temporal server's database "
          + server.settings().database() + " is new, their workflows are gone");
    }
  }

  ApplicationContext context() {
    return context;
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** The home this stack runs on. */
  Path home() {
    return home;
  }

  /** Where the HTTP API of this stack (or of the dev it is a client of) answers. */
  URI api() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** The embedded server this stack uses, or null when it is a client of a dev. */
  DevServer temporal() {
    return temporal;
  }

  /** True when this JVM runs the worker (not a client of a dev). */
  boolean serving() {
    return temporal != null;
  }

  @Override
  public void close() {
    context.close();
    if (temporal != null) {
      temporal.close();
    }
  }
}
