package io.trainyard.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainyard api}: the REST API (and serving's predict endpoint) without a Temporal worker,
 * against a running Temporal and registry: the API Deployment of a cluster.
 */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = "Serve the REST API over HTTP, without a worker, against a Temporal server that is already running.",
    footer = {"", "Example:", "  trainyard api --temporal temporal-frontend:7233 --port 8080"})
public class ApiCommand implements Callable<Integer> {

  @Option(names = "--temporal", defaultValue = "127.0.0.1:7233", description = "Temporal frontend host:port (default: ${DEFAULT-VALUE}).")
  String temporal;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> props = WorkerCommand.connected(temporal, httpPort);
    props.put("trainyard.worker.enabled", false);
    props.put("otel.service.name", "trainyard-api");
    WorkerCommand.untilStopped(props);
    return Trainyard.OK;
  }
}
