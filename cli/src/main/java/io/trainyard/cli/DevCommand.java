package io.trainyard.cli;

import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.spec.InputRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import io.trainyard.temporal.devserver.DevServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard dev}: the embedded default in one command. The Temporal server (the Temporal
 * CLI's dev server, its state in a SQLite file under the home) runs as a child process of its own,
 * adopted when the home's server runs already, so a dev that crashed and starts again finishes the
 * runs in flight; this JVM runs the worker, the HTTP API and serving, and the H2 registry. The
 * JWT secret is created in the home on first start ({@link JwtSecret}) and a local admin token is
 * printed.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Run Trainyard on this machine: embedded Temporal server with its Web UI, worker, API on HTTP, H2 registry.",
    footer = {"", "Example:", "  trainyard dev --port 8080"})
public class DevCommand implements Callable<Integer> {
  /** The local admin token printed at start-up outlives a working week of one dev. */
  static final Duration ADMIN_TOKEN_TTL = Duration.ofDays(7);

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the API and serving (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin TemporalServerOptions temporalOptions;

  @Override
  public Integer call() throws Exception {
    Path home = Home.path();
    Optional<DevState> running = DevState.running(home);
    if (running.isPresent()) {
      System.err.println("trainyard: a trainyard dev is already running (pid " + running.get().pid() + ")");
      return Trainyard.ENVIRONMENT;
    }
    InputRoots inputs = devInputRoots();
    LocalStack stack = LocalStack.serve(home, httpPort, temporalOptions, RunExecution.allowing(inputs));
    DevServer temporal = stack.temporal();
    new DevState(ProcessHandle.current().pid(), httpPort, temporal.settings().port()).write(home);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      DevState.remove(home);
      stack.close();
      stopped.countDown();
    }));
    String admin = System.getProperty("user.name", "admin");
    String token = TokenIssuer.withSecret(JwtSecret.ensure(home)).issue(admin, List.of(Roles.ADMIN), ADMIN_TOKEN_TTL);
    System.err.printf("trainyard dev is up%n"
            + "  API and serving  http://127.0.0.1:%d%n"
            + "  Temporal Web UI  %s%n"
            + "                   (payloads encrypted; to read them there, sign in at%n"
            + "                    http://127.0.0.1:%d/codec/login and tick the UI's Codec Server%n"
            + "                    'Include cross-origin credentials')%n"
            + "  Temporal         %s (%s; state in %s)%n"
            + "  registry         %s (H2)%n"
            + "  step inputs      %s (trainyard.inputs.allowed-roots)%n"
            + "  admin token      %s%n"
            + "                   (user %s, role admin, valid %d days; signed with %s;%n"
            + "                    trainyard token create --user NAME --role viewer issues others)%n"
            + "  Ctrl-C stops it%s.%n",
        httpPort, temporal.settings().uiAddress(), httpPort, temporal.target(), origin(temporal), temporal.settings().database(),
        home.resolve("registry"),
        inputs.roots().stream().map(Path::toString).collect(Collectors.joining(", ")), token, admin, ADMIN_TOKEN_TTL.toDays(),
        System.getenv(TokenIssuer.SECRET_ENV) == null ? home.resolve(JwtSecret.FILE) : TokenIssuer.SECRET_ENV,
        temporal.origin() == DevServer.Origin.EXTERNAL ? "" : " and, when nothing else uses it, its Temporal server");
    stopped.await();
    return Trainyard.OK;
  }

  /** How the banner says where the server came from. */
  static String origin(DevServer temporal) {
    return switch (temporal.origin()) {
      case STARTED -> "dev server started, pid " + temporal.pid();
      case ADOPTED -> "dev server adopted, pid " + temporal.pid();
      case EXTERNAL -> "a server already listening there, not started by trainyard";
    };
  }

  /**
   * The configured input roots, and the examples folder when there is one, so that the walkthrough's
   * {@code trainyard pipelines register examples/...} runs (docs/security.md).
   */
  private static InputRoots devInputRoots() {
    InputRoots configured = RunExecution.inputRoots();
    Path examples = DemoCommand.examples();
    return Files.isDirectory(examples) ? configured.allowing(examples) : configured;
  }
}
