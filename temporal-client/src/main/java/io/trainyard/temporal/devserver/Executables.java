package io.trainyard.temporal.devserver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Programs found on a {@code PATH} value, in its order. */
final class Executables {
  private Executables() {}

  /** Every executable file named {@code name} on {@code path}. */
  static List<Path> onPath(String path, String name) {
    return java.util.Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(p -> Files.isExecutable(p) && !Files.isDirectory(p))
        .toList();
  }
}
