package io.trainyard.cli;

import io.trainyard.run.RunSearchAttributes;
import io.trainyard.temporal.TestServerSearchAttributes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Temporal server as its own process, so that a crashed worker or API does not take
 * the runs with it: reused when something already listens on the port, else started and owned.
 */
final class EmbeddedTemporal implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private EmbeddedTemporal(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The server on this port: the one listening already, or a new child process; either way with
   * Trainyard's search attributes (the child adds them too, but only after its port is open).
   */
  static EmbeddedTemporal ensure(int port, Path home) throws IOException {
    if (listening(port)) {
      TestServerSearchAttributes.ensure("127.0.0.1:" + port, RunSearchAttributes.all());
      return new EmbeddedTemporal(null, port);
    }
    Files.createDirectories(home);
    Path log = home.resolve("server.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                Trainyard.class.getName(),
                "server",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("the embedded Temporal server did not start on port " + port + "; see " + log);
      }
      sleep(100);
    }
    TestServerSearchAttributes.ensure("127.0.0.1:" + port, RunSearchAttributes.all());
    EmbeddedTemporal owned = new EmbeddedTemporal(process, port);
    // a clean exit of this JVM (end of command, Ctrl-C, SIGTERM) stops the server it started;
    // SIGKILL runs no hook, so a killed dev leaves the server and its runs for the next dev
    Runtime.getRuntime().addShutdownHook(new Thread(owned::close, "stop-embedded-temporal"));
    return owned;
  }

  /** True when this process started the server (and so stops it). */
  boolean owned() {
    return process != null;
  }

  int port() {
    return port;
  }

  /** The server's process id, when this process started it. */
  long pid() {
    return process == null ? -1 : process.pid();
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
