package io.trainyard.bench;

import io.trainyard.run.RunSearchAttributes;
import io.trainyard.temporal.devserver.FreePorts;
import io.trainyard.temporal.devserver.DevServer;
import io.trainyard.temporal.devserver.DevServerSettings;
import io.trainyard.temporal.devserver.TemporalCli;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The real Temporal server the benches measure against: the embedded default's dev server, on free
 * ports, with its state in the bench's scratch home. The CLI is resolved as {@code trainyard}
 * resolves it, from the repository's home ({@code TRAINYARD_HOME}, else {@code .trainyard}), so a
 * bench installs it at most once.
 */
final class BenchTemporal {
  private BenchTemporal() {}

  static DevServer start(Path scratchHome) throws IOException {
    Path tools = Path.of(System.getenv().getOrDefault("TRAINYARD_HOME", ".trainyard"));
    TemporalCli cli = TemporalCli.resolve(tools, System.err::println);
    DevServerSettings settings = new DevServerSettings(FreePorts.next(), FreePorts.next(), FreePorts.next(),
        scratchHome.resolve("temporal"), "default", DevServerSettings.DEFAULT_RETENTION);
    return DevServer.ensure(cli, settings, RunSearchAttributes.all(), System.err::println);
  }

}
