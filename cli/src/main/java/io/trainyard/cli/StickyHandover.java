package io.trainyard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sticky task queues each embedded worker of this home has handed to workflows, by process id
 * ({@code sticky-queues.json}). When a worker dies, the embedded server keeps sending its workflows'
 * tasks to its queues forever; the next worker on the same home polls the queues of dead processes
 * and takes the workflows over, so sticky execution stays on (a run's history is not replayed at
 * every step). Read-modify-write happens under a file lock: two workers on one home do not lose
 * each other's entries.
 */
record StickyHandover(Map<Long, List<String>> workers) {
  private static final String FILE = "sticky-queues.json";
  private static final String LOCK = "sticky-queues.lock";

  StickyHandover {
    workers = workers == null ? Map.of() : Map.copyOf(workers);
  }

  /** The queues of workers on this home that are no longer running (never a live worker's: that would steal its workflows). */
  static List<String> orphans(Path home) {
    return locked(home, () -> {
      Set<String> orphans = new LinkedHashSet<>();
      read(home).workers().forEach((pid, queues) -> {
        if (!alive(pid)) {
          orphans.addAll(queues);
        }
      });
      return List.copyOf(orphans);
    });
  }

  /**
   * Record this process's queues (its own and the orphans it carries), keep live workers' entries,
   * and drop dead workers' entries: this process took them over.
   */
  static void record(Path home, List<String> queues) {
    locked(home, () -> {
      Map<Long, List<String>> kept = new TreeMap<>();
      read(home).workers().forEach((pid, q) -> {
        if (alive(pid)) {
          kept.put(pid, q);
        }
      });
      kept.put(ProcessHandle.current().pid(), List.copyOf(queues));
      try {
        Home.writeJson(home, FILE, new StickyHandover(kept));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the worker's sticky queues in " + home.resolve(FILE), e);
      }
      return null;
    });
  }

  private static StickyHandover read(Path home) {
    try {
      StickyHandover recorded = Home.readJson(home, FILE, StickyHandover.class);
      return recorded == null ? new StickyHandover(Map.of()) : recorded;
    } catch (IOException e) {
      // unreadable means lost: the runs it would have moved stay RUNNING in the registry, nothing else breaks
      System.err.println("trainyard: ignoring " + home.resolve(FILE) + ": " + e.getMessage());
      return new StickyHandover(Map.of());
    }
  }

  private static boolean alive(long pid) {
    return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  private interface Body<T> {
    T run();
  }

  /** One writer at a time: across processes by the file lock, within this one by the monitor (a JVM cannot hold the same file lock twice). */
  private static synchronized <T> T locked(Path home, Body<T> body) {
    try {
      Files.createDirectories(home);
      try (FileChannel channel = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return body.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + home.resolve(LOCK), e);
    }
  }
}
