package io.trainyard.cli;

import io.trainyard.api.schedule.TriggerWorker;
import io.micronaut.context.ApplicationContext;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.step.BuiltinExecutor;
import io.trainyard.step.StepExecutors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainyard worker}: a worker process against an existing Temporal server (no server of its own). */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a worker (and its serving endpoint) against a Temporal server that is already running.",
    footer = {"", "Example:", "  trainyard worker --temporal 127.0.0.1:7233 --hardware cpu,gpu"})
public class WorkerCommand implements Callable<Integer> {

  @Option(names = "--temporal", defaultValue = "127.0.0.1:7233", description = "Temporal frontend host:port (default: ${DEFAULT-VALUE}).")
  String temporal;

  @Option(names = "--hardware", split = ",", description = "Hardware classes to serve (default: every configured class).")
  List<String> hardware;

  @Option(names = "--executor", description = "Where steps run: local (default: this machine) or kubernetes (a Job per attempt).")
  String executor;

  @Option(names = "--no-control", negatable = false, description = "Do not poll the control queue (a launcher worker).")
  boolean noControl;

  @Option(names = "--no-steps", negatable = false, description = "Poll no step queue (a control-only worker: workflows and control activities).")
  boolean noSteps;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port of serving and health (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> props = connected(temporal, httpPort);
    props.put("trainyard.worker.control", !noControl);
    props.put("trainyard.worker.steps", !noSteps);
    // schedules' actions start runs through the API's start path, in the API's process (ADR 0007)
    props.put(TriggerWorker.ENABLED, false);
    // its spans' service when tracing is on (OTEL_SERVICE_NAME wins)
    props.put("otel.service.name", "trainyard-worker");
    if (hardware != null) {
      props.put("trainyard.worker.hardware", String.join(",", hardware));
    }
    if (executor != null) {
      props.put(StepExecutors.PROPERTY, executor);
    }
    untilStopped(props);
    return Trainyard.OK;
  }

  /**
   * What {@code worker} and {@code api} both set: the home, Temporal, the HTTP port of API and serving,
   * and the code version (the API records it with each run, a worker with each builtin it runs).
   */
  static Map<String, Object> connected(String temporal, int httpPort) {
    Map<String, Object> props = new HashMap<>();
    props.put(BuiltinExecutor.CODE_VERSION, CodeVersion.current());
    props.put("trainyard.home", Home.path().toString());
    props.put("trainyard.temporal.target", temporal);
    props.put("micronaut.server.port", httpPort);
    props.put("trainyard.serving.url", "http://127.0.0.1:" + httpPort);
    return props;
  }

  /**
   * Run the application with {@code props} (and the JWT secret, when one is configured) until the
   * process is stopped: what {@code worker} and {@code api} share.
   */
  static void untilStopped(Map<String, Object> props) throws InterruptedException {
    Optional<String> secret = JwtSecret.find(Home.path());
    if (secret.isPresent()) {
      props.putAll(LocalSecurity.properties(secret.get()));
    } else {
      System.err.println("trainyard: no JWT secret (" + TokenIssuer.SECRET_ENV + " or " + Home.path().resolve(JwtSecret.FILE)
          + "): only tokens of a configured JWKS are accepted, and replayed traffic needs "
          + LocalSecurity.SERVING_TOKEN_ENV);
    }
    Map<String, Object> keyFile = PayloadKeyFile.existing(Home.path(), System.getenv());
    props.putAll(keyFile);
    if (keyFile.isEmpty() && !PayloadKeyFile.inEnvironment(System.getenv())) {
      System.err.println("trainyard: no payload keys (" + PayloadKeyFile.KEYS_ENV + ", " + PayloadKeyFile.FILE_ENV + " or "
          + Home.path().resolve(PayloadKeyFile.FILE) + "): workflow payloads are written in clear");
    }
    ApplicationContext context = LocalApplication.start(props);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      context.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
