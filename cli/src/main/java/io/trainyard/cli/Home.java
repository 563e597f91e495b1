package io.trainyard.cli;

import java.nio.file.Path;

/** Trainyard's state folder on this machine: {@code TRAINYARD_HOME}, else {@code .trainyard} in the working directory. */
final class Home {
  private Home() {}

  static Path path() {
    String configured = System.getProperty("trainyard.home", System.getenv("TRAINYARD_HOME"));
    return Path.of(configured == null || configured.isBlank() ? ".trainyard" : configured).toAbsolutePath().normalize();
  }
}
