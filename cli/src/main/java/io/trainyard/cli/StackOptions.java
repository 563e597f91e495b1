package io.trainyard.cli;

import picocli.CommandLine.Option;

/** The options every command that runs pipelines shares: output format and the local ports. */
final class StackOptions {

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the local API and serving (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--temporal-port", defaultValue = "7233", description = "Port of the embedded Temporal server (default: ${DEFAULT-VALUE}).")
  int temporalPort;
}
