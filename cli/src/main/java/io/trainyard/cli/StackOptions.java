package io.trainyard.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that runs pipelines shares: output format, the local API's port, the embedded Temporal server. */
final class StackOptions {

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the local API and serving (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin TemporalServerOptions temporal;
}
