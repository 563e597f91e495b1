package io.trainyard.cli;

import io.trainyard.temporal.devserver.DevServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code trainyard server}: the home's embedded Temporal server (the Temporal CLI's dev server) in
 * the foreground, for workers and APIs started on their own ({@code trainyard worker}, {@code api}).
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the embedded Temporal server (the Temporal CLI's dev server, state under the home) in the foreground.",
    footer = {"", "Example:", "  trainyard server --temporal-port 7233 --temporal-ui-port 8233"})
public class ServerCommand implements Callable<Integer> {

  @Mixin TemporalServerOptions temporal;

  @Override
  public Integer call() throws Exception {
    DevServer server = temporal.ensure(Home.path());
    System.err.printf("trainyard: Temporal on %s (%s), Web UI %s, metrics http://%s:%d/metrics, state in %s; Ctrl-C stops it%n",
        server.target(), DevCommand.origin(server), server.settings().uiAddress(), "127.0.0.1",
        server.settings().metricsPort(), server.settings().database());
    if (server.origin() == DevServer.Origin.EXTERNAL) {
      return Trainyard.OK;
    }
    // until the server ends, or Ctrl-C: the shutdown hook lets go of it (and stops it when nothing else uses it)
    server.awaitExit();
    return Trainyard.OK;
  }
}
