package io.trainyard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@code trainyard dev} leaves in the home folder ({@code dev.json}) so that other
 * commands use it instead of starting their own: its process id and ports.
 */
record DevState(long pid, int httpPort, int temporalPort) {
  private static final String FILE = "dev.json";

  /** The dev process that is running now, if any. */
  static Optional<DevState> running(Path home) {
    try {
      DevState state = Home.readJson(home, FILE, DevState.class);
      return Optional.ofNullable(state).filter(s -> ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).isPresent());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void write(Path home) throws IOException {
    Home.writeJson(home, FILE, this);
  }

  static void remove(Path home) {
    try {
      Files.deleteIfExists(home.resolve(FILE));
    } catch (IOException ignored) {
      // a stale file is harmless: its pid is checked before use
    }
  }
}
