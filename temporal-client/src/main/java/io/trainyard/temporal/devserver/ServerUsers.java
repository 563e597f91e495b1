package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The commands using the embedded server, one lease file each ({@code users/PID-N}), so that the
 * server stops when the last of them lets go. A lease whose process is gone (killed, however)
 * counts for nothing. Callers hold the server folder's lock.
 */
final class ServerUsers {
  private final Path folder;

  ServerUsers(Path serverFolder) {
    this.folder = serverFolder.resolve("users");
  }

  /** A lease for this process. */
  Path join() throws IOException {
    Files.createDirectories(folder);
    return Files.createTempFile(folder, ProcessHandle.current().pid() + "-", "");
  }

  void leave(Path lease) throws IOException {
    Files.deleteIfExists(lease);
  }

  /** True when no live process holds a lease; the leases of dead ones are removed. */
  boolean none() throws IOException {
    if (!Files.isDirectory(folder)) {
      return true;
    }
    boolean none = true;
    try (Stream<Path> leases = Files.list(folder)) {
      for (Path lease : leases.toList()) {
        if (holderAlive(lease)) {
          none = false;
        } else {
          Files.deleteIfExists(lease);
        }
      }
    }
    return none;
  }

  private static boolean holderAlive(Path lease) {
    String name = lease.getFileName().toString();
    int dash = name.indexOf('-');
    try {
      long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
