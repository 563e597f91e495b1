package io.trainyard.cli;

import io.trainyard.temporal.devserver.DevServerSettings;
import io.trainyard.temporal.devserver.FreePorts;
import io.trainyard.temporal.devserver.TemporalCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code trainyard} command run as its own JVM, with its output kept in files, and the Temporal
 * CLI it runs resolved once per build as {@code trainyard} resolves it (installed into the build
 * home's {@code tools/} on a fresh machine).
 */
final class CliProcess implements AutoCloseable {
  static final TemporalCli TEMPORAL_CLI =
      TemporalCli.resolve(Path.of(System.getProperty("trainyard.build-home", "../.trainyard")), System.err::println);

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private CliProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static CliProcess start(Path home, Map<String, String> env, String... args) throws IOException {
    Files.createDirectories(home);
    String name = args[0] + "-" + System.nanoTime();
    Path out = home.resolve(name + ".out");
    Path err = home.resolve(name + ".err");
    // the product's logging (worker's logback.xml), not a test helper's logback-test.xml that the
    // test class path may also hold
    List<String> command = new ArrayList<>(java("-Xmx1g", "-Dlogback.configurationFile=logback.xml"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TRAINYARD_HOME", home.toString());
    builder.environment().put(TemporalCli.ENV, TEMPORAL_CLI.binary().toString());
    builder.environment().putAll(env);
    return new CliProcess(builder.start(), out, err);
  }

  /**
   * The command that starts {@code trainyard} (its main class on the test's class path) in a JVM of
   * its own, with {@code options}. The JIT stops at C1: the tests start these JVMs by the dozen and
   * each lives seconds, so C2's compilations would only take CPU from the test's other processes
   * (on 2 cores a client command took about 1.0 s, 1.7 s of CPU, with C2; 0.75 s, 0.9 s of CPU, without).
   */
  static List<String> java(String... options) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Trainyard.class.getName()));
    return command;
  }

  /** Options of an embedded Temporal server on free ports, with the build's CLI. */
  static TemporalServerOptions temporalOptions() throws IOException {
    TemporalServerOptions options = new TemporalServerOptions();
    options.port = FreePorts.next();
    options.uiPort = FreePorts.next();
    options.metricsPort = FreePorts.next();
    options.retention = DevServerSettings.DEFAULT_RETENTION;
    options.cli = TEMPORAL_CLI;
    return options;
  }

  /** {@code options} as command-line arguments. */
  static List<String> args(TemporalServerOptions options) {
    return List.of("--temporal-port", Integer.toString(options.port), "--temporal-ui-port", Integer.toString(options.uiPort),
        "--temporal-metrics-port", Integer.toString(options.metricsPort));
  }


  Process process() {
    return process;
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("trainyard did not end within " + timeout + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** Wait until stderr shows a line that matches, or fail with what it shows. */
  String awaitStderr(Predicate<String> line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String l : stderr().split("\n")) {
        if (line.test(l)) {
          return l;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("expected line never came; stderr:\n" + stderr());
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
