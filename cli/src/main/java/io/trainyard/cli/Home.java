package io.trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Trainyard's state folder on this machine: {@code TRAINYARD_HOME}, else {@code .trainyard} in the working directory. */
final class Home {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Home() {}

  static Path path() {
    String configured = System.getProperty("trainyard.home", System.getenv("TRAINYARD_HOME"));
    return Path.of(configured == null || configured.isBlank() ? ".trainyard" : configured).toAbsolutePath().normalize();
  }

  /** Write {@code value} as JSON to {@code home/file} atomically: a process killed mid-write leaves the previous file. */
  static void writeJson(Path home, String file, Object value) throws IOException {
    Files.createDirectories(home);
    Path tmp = Files.createTempFile(home, file, ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, home.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Read {@code home/file} as JSON, or null when there is no such file. */
  static <T> T readJson(Path home, String file, Class<T> type) throws IOException {
    Path path = home.resolve(file);
    return Files.exists(path) ? JSON.readValue(path.toFile(), type) : null;
  }
}
