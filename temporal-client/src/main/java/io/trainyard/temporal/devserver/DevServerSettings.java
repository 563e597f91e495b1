package io.trainyard.temporal.devserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the embedded Temporal server runs: bound to loopback only (the dev server skips some HTTP
 * security checks and must never be reachable from elsewhere), its ports, where its state lives,
 * and the namespace it serves with that namespace's retention.
 *
 * @param port the frontend's gRPC port
 * @param uiPort the Web UI's port
 * @param metricsPort the port of the server's Prometheus {@code /metrics}
 * @param folder the server's folder: its SQLite database, log, and who uses it
 * @param namespace the namespace Trainyard uses, created when missing
 * @param retention how long the namespace keeps closed workflows (the dev server creates namespaces with 24 h)
 * @param codecEndpoint the codec server the Web UI decodes payloads with ({@code --ui-codec-endpoint}), or null
 */
public record DevServerSettings(int port, int uiPort, int metricsPort, Path folder, String namespace, Duration retention,
    String codecEndpoint) {
  /** The only address the server binds. */
  public static final String IP = "127.0.0.1";
  public static final int DEFAULT_PORT = 7233;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  public DevServerSettings {
    for (int p : List.of(port, uiPort, metricsPort)) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("Temporal server port " + p + ": expected 1 to 65535");
      }
    }
    if (port == uiPort || port == metricsPort || uiPort == metricsPort) {
      throw new IllegalArgumentException("Temporal server ports must differ: gRPC " + port + ", Web UI " + uiPort
          + ", metrics " + metricsPort);
    }
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("Temporal namespace retention " + retention + ": expected at least 1 day");
    }
  }

  /** Settings whose Web UI decodes nothing. */
  public DevServerSettings(int port, int uiPort, int metricsPort, Path folder, String namespace, Duration retention) {
    this(port, uiPort, metricsPort, folder, namespace, retention, null);
  }

  /** Temporal's own layout: the Web UI at the gRPC port + 1000; the metrics at + 2000. */
  public static DevServerSettings defaults(int port, Path folder, String namespace) {
    return new DevServerSettings(port, port + 1000, port + 2000, folder, namespace, DEFAULT_RETENTION);
  }

  /** These settings on other ports (those of a server that runs already). */
  DevServerSettings onPorts(int grpc, int ui, int metrics) {
    return new DevServerSettings(grpc, ui, metrics, folder, namespace, retention, codecEndpoint);
  }

  public DevServerSettings withUiPort(int ui) {
    return new DevServerSettings(port, ui, metricsPort, folder, namespace, retention, codecEndpoint);
  }

  public DevServerSettings withMetricsPort(int metrics) {
    return new DevServerSettings(port, uiPort, metrics, folder, namespace, retention, codecEndpoint);
  }

  public DevServerSettings withRetention(Duration days) {
    return new DevServerSettings(port, uiPort, metricsPort, folder, namespace, days, codecEndpoint);
  }

  /** These settings with the Web UI decoding payloads through the codec server at {@code endpoint}. */
  public DevServerSettings withCodecEndpoint(String endpoint) {
    return new DevServerSettings(port, uiPort, metricsPort, folder, namespace, retention, endpoint);
  }

  /** {@code host:port} of the frontend. */
  public String target() {
    return IP + ":" + port;
  }

  public String uiAddress() {
    return "http://" + IP + ":" + uiPort;
  }

  public Path database() {
    return folder.resolve("dev.db");
  }

  public Path log() {
    return folder.resolve("server.log");
  }

  /**
   * {@code temporal server start-dev} with these settings. Nothing it runs reaches the internet:
   * the server's version check and the UI's news feed are off.
   */
  List<String> command(Path binary) {
    List<String> command = new ArrayList<>(List.of(
        binary.toString(), "server", "start-dev",
        "--ip", IP,
        "--port", Integer.toString(port),
        "--ui-port", Integer.toString(uiPort),
        "--metrics-port", Integer.toString(metricsPort),
        "--db-filename", database().toString(),
        "--dynamic-config-value", "frontend.enableServerVersionCheck=false",
        "--ui-disable-news-fetch",
        "--log-level", "warn"));
    if (codecEndpoint != null) {
      command.addAll(List.of("--ui-codec-endpoint", codecEndpoint));
    }
    return command;
  }
}
