package io.trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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

  /**
   * Create {@code file} holding {@code text}, readable by its owner only, unless it exists: created
   * owner-only, then linked in place, so it is never readable by others nor half-written, and of two
   * processes creating it at once one wins. False when the file existed (the other's is kept).
   */
  static boolean createSecret(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = ownerOnlyCopy(file, text);
    try {
      Files.createLink(file, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Replace {@code file} with {@code text}, owner-only, atomically: a process killed mid-write leaves the previous file. */
  static void replaceSecret(Path file, String text) throws IOException {
    Path tmp = ownerOnlyCopy(file, text);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code text} in a new owner-only file beside {@code file}, to be linked or moved in place. */
  private static Path ownerOnlyCopy(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp", OWNER_ONLY);
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      return tmp;
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** Read {@code home/file} as JSON, or null when there is no such file. */
  static <T> T readJson(Path home, String file, Class<T> type) throws IOException {
    Path path = home.resolve(file);
    return Files.exists(path) ? JSON.readValue(path.toFile(), type) : null;
  }
}
