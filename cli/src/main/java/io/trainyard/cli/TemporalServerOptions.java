package io.trainyard.cli;

import io.trainyard.run.RunSearchAttributes;
import io.trainyard.spec.Durations;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.temporal.devserver.DevServerSettings;
import io.trainyard.temporal.devserver.TemporalCli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where the embedded Temporal server listens and how long it keeps closed runs: the options of every command that runs one. */
final class TemporalServerOptions {
  /** The namespace Trainyard's configuration names ({@code trainyard.temporal.namespace}), created on the server when missing. */
  private static final String NAMESPACE_ENV = "TRAINYARD_TEMPORAL_NAMESPACE";

  @Option(names = "--temporal-port", defaultValue = "7233", description = "gRPC port of the embedded Temporal server (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--temporal-ui-port", description = "Port of the Temporal Web UI (default: the gRPC port + 1000, 8233).")
  Integer uiPort;

  @Option(names = "--temporal-metrics-port", description = "Port of the Temporal server's Prometheus /metrics (default: the gRPC port + 2000, 9233).")
  Integer metricsPort;

  @Option(names = "--temporal-retention", defaultValue = "7d", converter = RetentionConverter.class,
      description = "How long the Temporal server keeps finished runs' histories: 7d, 36h or P7D (default: ${DEFAULT-VALUE}).")
  Duration retention;

  /** The CLI to run, when the caller resolved it already (a test); else resolved from the home at start. */
  TemporalCli cli;

  /** These options for {@code home}: the server's folder is {@code home/temporal}. */
  DevServerSettings settings(Path home) {
    String namespace = System.getenv().getOrDefault(NAMESPACE_ENV, "default");
    DevServerSettings settings = DevServerSettings.defaults(port, home.resolve("temporal"), namespace.isBlank() ? "default" : namespace)
        .withRetention(retention);
    if (uiPort != null) {
      settings = settings.withUiPort(uiPort);
    }
    return metricsPort == null ? settings : settings.withMetricsPort(metricsPort);
  }

  /** The home's server, adopted or started (the Temporal CLI installed first when none is found), with Trainyard's search attributes. */
  DevServer ensure(Path home) throws IOException {
    return ensure(home, settings(home));
  }

  /** {@link #ensure(Path)}, its Web UI decoding payloads through the codec server at {@code codecEndpoint} when it starts one. */
  DevServer ensure(Path home, String codecEndpoint) throws IOException {
    return ensure(home, settings(home).withCodecEndpoint(codecEndpoint));
  }

  private DevServer ensure(Path home, DevServerSettings settings) throws IOException {
    TemporalCli binary = cli != null ? cli : TemporalCli.resolve(home, System.err::println);
    return DevServer.ensure(binary, settings, RunSearchAttributes.all(), System.err::println);
  }

  /** A duration as pipeline specs write them ({@link Durations}): {@code 7d}, {@code 36h}, {@code P7D}. */
  static final class RetentionConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
