package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the folder of the embedded server remembers about the server running on it
 * ({@code server.properties}): its process and ports, so that the next command adopts it.
 */
record ServerRecord(long pid, int port, int uiPort, int metricsPort, String binary) {
  private static final String FILE = "server.properties";

  /** The record, if one was written and is readable. */
  static Optional<ServerRecord> read(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
      return Optional.of(new ServerRecord(Long.parseLong(p.getProperty("pid")), Integer.parseInt(p.getProperty("port")),
          Integer.parseInt(p.getProperty("ui-port")), Integer.parseInt(p.getProperty("metrics-port")),
          p.getProperty("binary")));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * True when the recorded process runs and is the recorded binary (a process id the OS gave to
   * another program since is not the server).
   */
  boolean alive() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.equals(binary) || Path.of(c).endsWith("temporal")).orElse(true))
        .isPresent();
  }

  /** Written atomically: a command killed mid-write leaves the previous record. */
  void write(Path folder) throws IOException {
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("port", Integer.toString(port));
    p.setProperty("ui-port", Integer.toString(uiPort));
    p.setProperty("metrics-port", Integer.toString(metricsPort));
    p.setProperty("binary", binary);
    Path tmp = Files.createTempFile(folder, FILE, ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp)) {
        p.store(out, "the embedded Temporal server of this home");
      }
      Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void remove(Path folder) throws IOException {
    Files.deleteIfExists(folder.resolve(FILE));
  }
}
