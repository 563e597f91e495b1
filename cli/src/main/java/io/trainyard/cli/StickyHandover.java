package io.trainyard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sticky task queues the embedded worker of this home has handed to workflows
 * ({@code sticky-queues.json}). When that worker dies, the embedded server keeps sending those
 * workflows' tasks to its queues forever; the next worker on the same home polls them and takes the
 * workflows over, so sticky execution stays on (a run's history is not replayed at every step).
 */
record StickyHandover(List<String> queues) {
  private static final String FILE = "sticky-queues.json";

  StickyHandover {
    queues = List.copyOf(queues);
  }

  /** What the last worker on this home recorded, or nothing. */
  static StickyHandover read(Path home) {
    try {
      StickyHandover recorded = Home.readJson(home, FILE, StickyHandover.class);
      return recorded == null ? new StickyHandover(List.of()) : recorded;
    } catch (IOException e) {
      // unreadable means lost: the runs it would have moved stay RUNNING in the registry, nothing else breaks
      System.err.println("trainyard: ignoring " + home.resolve(FILE) + ": " + e.getMessage());
      return new StickyHandover(List.of());
    }
  }

  /** Replace the file atomically, so a worker killed while writing leaves the previous list. */
  void write(Path home) {
    try {
      Home.writeJson(home, FILE, this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the worker's sticky queues in " + home.resolve(FILE), e);
    }
  }
}
