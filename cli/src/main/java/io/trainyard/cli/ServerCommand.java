package io.trainyard.cli;

import io.temporal.testserver.TestServer;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.temporal.TestServerSearchAttributes;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainyard server}: the embedded Temporal server (the Java test server) in the foreground. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the embedded Temporal server (state in memory) in the foreground.",
    footer = {"", "Example:", "  trainyard server --port 7233"})
public class ServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "7233", description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    // time skipping locked: timers (approval timeouts, canary bakes) run on the wall clock, as on a real server
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    TestServerSearchAttributes.ensure("127.0.0.1:" + port, RunSearchAttributes.all());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.err.println("trainyard: embedded Temporal server listening on port " + port + " (state in memory)");
    stopped.await();
    return Trainyard.OK;
  }
}
