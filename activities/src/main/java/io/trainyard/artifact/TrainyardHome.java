package io.trainyard.artifact;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Where Trainyard keeps its files on this machine.
 *
 * <p>Properties (prefix {@value #PREFIX}):
 *
 * <ul>
 *   <li>{@code trainyard.home} — the home directory, default {@code .trainyard} under the working
 *       directory; made absolute. Under it: {@code artifacts/} (the content-addressed artifact
 *       store), {@code logs/} (one log per step attempt), {@code work/} (per-attempt working and
 *       output directories, checkpoints), {@code cache/} (the step cache index) and {@code
 *       secrets/} (the local executor's step secrets, {@code secrets/<secret>/<key>}).
 * </ul>
 */
@ConfigurationProperties(TrainyardHome.PREFIX)
public record TrainyardHome(@Bindable(defaultValue = TrainyardHome.DEFAULT_HOME) String home) {

  public static final String PREFIX = "trainyard";
  public static final String DEFAULT_HOME = ".trainyard";

  public TrainyardHome {
    if (home == null || home.isBlank()) {
      throw new IllegalArgumentException("trainyard.home: expected a directory path, got nothing");
    }
  }

  /** A home at the given directory. */
  public static TrainyardHome at(Path directory) {
    return new TrainyardHome(directory.toString());
  }

  /** The home directory, absolute. */
  public Path root() {
    return Path.of(home).toAbsolutePath().normalize();
  }

  /** The artifact store's root. */
  public Path artifacts() {
    return root().resolve("artifacts");
  }

  /** Step attempt logs: {@code logs/<run>/<step>/attempt-<n>.log}. */
  public Path logs() {
    return root().resolve("logs");
  }

  /** Per-attempt working directories and per-step checkpoints. */
  public Path work() {
    return root().resolve("work");
  }

  /** The step cache index: {@code cache/<key>.json}. */
  public Path cache() {
    return root().resolve("cache");
  }

  /**
   * Step secrets for the local executor: {@code secrets/<secret>/<key>}, one file per key, laid out
   * like a Kubernetes Secret mounted as a volume.
   */
  public Path secrets() {
    return root().resolve("secrets");
  }
}
