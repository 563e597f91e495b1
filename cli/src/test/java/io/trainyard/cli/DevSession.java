package io.trainyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.temporal.devserver.FreePorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@code trainyard dev} started by a test on free ports, with its Temporal server, and the CLI
 * over its REST API: every command its own process, as a user runs them.
 */
final class DevSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final Map<String, String> env;
  private final String httpPort;
  private final TemporalServerOptions temporal;
  private final List<CliProcess> processes = new ArrayList<>();
  private final List<Long> servers = new ArrayList<>();
  private CliProcess dev;
  private String admin;

  private DevSession(Path home, Map<String, String> env) throws Exception {
    this.home = home;
    this.env = env;
    this.httpPort = Integer.toString(FreePorts.next());
    this.temporal = CliProcess.temporalOptions();
  }

  /** A dev on {@code home} with {@code env}, up and answering. */
  static DevSession start(Path home, Map<String, String> env) throws Exception {
    DevSession session = new DevSession(home, env);
    session.startDev();
    return session;
  }

  /** Start the dev (again), wait until it is up; its Temporal line says which server it uses. */
  String startDev() throws Exception {
    List<String> args = new ArrayList<>(List.of("dev", "--port", httpPort));
    args.addAll(CliProcess.args(temporal));
    dev = process(env, args.toArray(String[]::new));
    String line = dev.awaitStderr(l -> l.startsWith("  Temporal  ") && l.contains("pid"), Duration.ofSeconds(120));
    servers.add(Long.parseLong(line.replaceAll(".*pid (\\d+).*", "$1")));
    admin = dev.awaitStderr(l -> l.strip().startsWith("admin token"), Duration.ofSeconds(30)).strip()
        .substring("admin token".length()).strip();
    return line;
  }

  /** SIGKILL the dev and its Temporal server: no shutdown hook runs, nothing is stopped cleanly. */
  void killDevAndServer() throws Exception {
    dev.kill();
    ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow(() -> new AssertionError("the server is not running"));
    server.destroyForcibly();
    server.onExit().join();
  }

  CliProcess dev() {
    return dev;
  }

  long serverPid() {
    return servers.get(servers.size() - 1);
  }

  String server() {
    return "http://127.0.0.1:" + httpPort;
  }

  String httpPort() {
    return httpPort;
  }

  TemporalServerOptions temporal() {
    return temporal;
  }

  String admin() {
    return admin;
  }

  String token(String user, String... roles) throws Exception {
    List<String> args = new ArrayList<>(List.of("token", "create", "--user", user));
    for (String role : roles) {
      args.add("--role");
      args.add(role);
    }
    Result created = run(Map.of(), args.toArray(String[]::new));
    if (created.exit() != 0) {
      throw new AssertionError("token create failed: " + created.err());
    }
    return created.out().strip();
  }

  /** A CLI command against the dev's API with {@code token}, to its end. */
  Result cli(String token, String... args) throws Exception {
    return run(Map.of("TRAINYARD_SERVER", server(), "TRAINYARD_TOKEN", token), args);
  }

  /** A command of the home (not over the API), to its end. */
  Result run(Map<String, String> extra, String... args) throws Exception {
    CliProcess process = process(extra, args);
    int exit = process.waitFor(Duration.ofMinutes(4));
    return new Result(exit, process.stdout(), process.stderr());
  }

  /** A command of the home, left running. */
  CliProcess process(Map<String, String> extra, String... args) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putAll(extra);
    CliProcess process = CliProcess.start(home, all, args);
    processes.add(process);
    return process;
  }

  /** The run as {@code runs get} shows it, once {@code until} holds; fails when it ends otherwise or times out. */
  JsonNode awaitRun(String token, String runId, Predicate<JsonNode> until, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode run = null;
    while (System.nanoTime() < deadline) {
      Result got = cli(token, "runs", "get", runId, "-o", "json");
      if (got.exit() == 0) {
        run = got.json();
        if (until.test(run)) {
          return run;
        }
        if (!List.of("RUNNING", "WAITING_APPROVAL").contains(run.path("state").asText())) {
          throw new AssertionError("run " + runId + " ended before: " + run);
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("run " + runId + " never got there; last seen: " + run);
  }

  @Override
  public void close() throws InterruptedException {
    for (CliProcess p : processes) {
      p.close();
    }
    servers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }
}
