package io.trainyard.temporal.devserver;

import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The embedded Temporal server: {@code temporal server start-dev} as its own process, so that a
 * killed command does not take the runs with it, with its state in a SQLite file under the home.
 * A server already serving the home is adopted instead of started. Every command using the server
 * holds a lease on it ({@link ServerUsers}); the last one to let go stops it, so a server a killed
 * command left behind ends with the next command that adopts it. All of it under one file lock:
 * commands starting together start one server, the later ones wait until it is ready.
 */
public final class DevServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** How this command came to use the server. */
  public enum Origin {
    /** Started by this command. */
    STARTED,
    /** Started by an earlier command on this home, still running. */
    ADOPTED,
    /** Something else listens on the port: used, never stopped. */
    EXTERNAL
  }

  private final DevServerSettings settings;
  private final Origin origin;
  private final long pid;
  private final boolean freshDatabase;
  private final ServerUsers users;
  private final Path lease;
  private boolean closed;

  private DevServer(DevServerSettings settings, Origin origin, long pid, boolean freshDatabase, ServerUsers users, Path lease) {
    this.settings = settings;
    this.origin = origin;
    this.pid = pid;
    this.freshDatabase = freshDatabase;
    this.users = users;
    this.lease = lease;
  }

  /**
   * The server for {@code wanted.folder()}: adopted when it runs, reused when something else
   * listens on the port, else started with {@code cli}; then its namespace and search attributes
   * set up. Stops with {@link #close()}, or when this JVM exits (a SIGKILL runs no hook: the
   * server keeps running for the next command).
   */
  public static DevServer ensure(TemporalCli cli, DevServerSettings wanted, List<SearchAttributeKey<?>> attributes,
      Consumer<String> say) throws IOException {
    ServerUsers users = new ServerUsers(wanted.folder());
    DevServer server;
    try (LockFile ignored = LockFile.acquire(wanted.folder().resolve(".lock"))) {
      server = adoptOrStart(cli, wanted, users, say);
      try {
        NamespaceSetup.apply(server.settings, attributes, server::alive, START_TIMEOUT);
      } catch (IOException | RuntimeException e) {
        server.release();
        throw e;
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-embedded-temporal"));
    return server;
  }

  private static DevServer adoptOrStart(TemporalCli cli, DevServerSettings wanted, ServerUsers users, Consumer<String> say)
      throws IOException {
    Optional<ServerRecord> running = ServerRecord.read(wanted.folder()).filter(ServerRecord::alive);
    if (running.isPresent() && listening(running.get().port())) {
      ServerRecord record = running.get();
      DevServerSettings actual = wanted.onPorts(record.port(), record.uiPort(), record.metricsPort());
      if (!actual.equals(wanted)) {
        say.accept("trainyard: the Temporal server of this home runs on ports " + record.port() + " (gRPC), "
            + record.uiPort() + " (Web UI), " + record.metricsPort() + " (metrics): using it");
      }
      return new DevServer(actual, Origin.ADOPTED, record.pid(), false, users, users.join());
    }
    if (listening(wanted.port())) {
      return new DevServer(wanted, Origin.EXTERNAL, -1, false, users, null);
    }
    boolean fresh = !Files.exists(wanted.database());
    Process process = start(cli, wanted);
    try {
      awaitListening(process, wanted);
      new ServerRecord(process.pid(), wanted.port(), wanted.uiPort(), wanted.metricsPort(), cli.binary().toString())
          .write(wanted.folder());
      return new DevServer(wanted, Origin.STARTED, process.pid(), fresh, users, users.join());
    } catch (IOException | RuntimeException e) {
      stop(process.toHandle());
      throw e;
    }
  }

  private static Process start(TemporalCli cli, DevServerSettings settings) throws IOException {
    Files.createDirectories(settings.folder());
    List<String> command = settings.command(cli.binary());
    // its own session: a Ctrl-C meant for one command does not stop a server other commands still use
    Executables.onPath(System.getenv().getOrDefault("PATH", ""), "setsid").stream().findFirst()
        .ifPresent(setsid -> command.add(0, setsid.toString()));
    Files.writeString(settings.log(), "--- " + String.join(" ", command) + System.lineSeparator(),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder server = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log().toFile()));
    // the OTEL_* settings that trace Trainyard are not the embedded server's: it reads them too, and
    // refuses an exporter it lacks (console) rather than start
    server.environment().keySet().removeIf(variable -> variable.startsWith("OTEL_"));
    return server.start();
  }

  /** Until the frontend listens; a server that exits or does not listen in time is an error with its log's end. */
  private static void awaitListening(Process process, DevServerSettings settings) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!listening(settings.port())) {
      if (!process.isAlive()) {
        throw new IOException("the Temporal server (temporal server start-dev) exited at start with " + process.exitValue()
            + "; " + settings.log() + " ends with: " + tail(settings.log()));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the Temporal server did not listen on " + settings.target() + " within " + START_TIMEOUT
            + "; see " + settings.log());
      }
      pause();
    }
  }

  private boolean alive() {
    return origin == Origin.EXTERNAL || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  public String target() {
    return settings.target();
  }

  public DevServerSettings settings() {
    return settings;
  }

  public Origin origin() {
    return origin;
  }

  /** The server's process id; -1 when it is not Trainyard's. */
  public long pid() {
    return pid;
  }

  /**
   * True when this command started the server on a database that did not exist: runs the
   * registry shows in flight have no workflow on it (their database was deleted).
   */
  public boolean freshDatabase() {
    return freshDatabase;
  }

  /** Block until the server process ends (a foreground {@code trainyard server}). */
  public void awaitExit() throws InterruptedException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isPresent()) {
      try {
        process.get().onExit().get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Let go of the server; the last command holding it stops it. */
  @Override
  public synchronized void close() {
    if (closed || origin == Origin.EXTERNAL) {
      return;
    }
    try (LockFile ignored = LockFile.acquire(settings.folder().resolve(".lock"))) {
      release();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #close()} with the lock held. */
  private synchronized void release() throws IOException {
    if (closed || origin == Origin.EXTERNAL) {
      return;
    }
    closed = true;
    users.leave(lease);
    if (users.none()) {
      ProcessHandle.of(pid).ifPresent(DevServer::stop);
      ServerRecord.remove(settings.folder());
    }
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(DevServerSettings.IP, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the Temporal server started");
    }
  }
}
