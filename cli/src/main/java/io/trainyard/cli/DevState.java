package io.trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@code trainyard dev} leaves in the home folder ({@code dev.json}) so that other
 * commands use it instead of starting their own: its process id and ports.
 */
record DevState(long pid, int httpPort, int temporalPort) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "dev.json";

  /** The dev process that is running now, if any. */
  static Optional<DevState> running(Path home) {
    Path file = home.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      DevState state = JSON.readValue(file.toFile(), DevState.class);
      return ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive).map(p -> state);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void write(Path home) throws IOException {
    Files.createDirectories(home);
    Path tmp = home.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, home.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static void remove(Path home) {
    try {
      Files.deleteIfExists(home.resolve(FILE));
    } catch (IOException ignored) {
      // a stale file is harmless: its pid is checked before use
    }
  }
}
