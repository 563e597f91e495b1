package io.trainyard.step;

import io.trainyard.artifact.ArtifactStore;
import io.trainyard.artifact.TrainyardHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories and log file of one step attempt: {@code work/<run>/<step>/attempt-<n>} (the
 * working directory, with a fresh {@code outputs/}), {@code work/<run>/<step>/checkpoint} (kept
 * across attempts) and {@code logs/<run>/<step>/attempt-<n>.log}.
 */
public record AttemptPaths(Path workDir, Path outputDir, Path checkpointDir, Path logFile) {

  /** The paths of an attempt under a Trainyard home; nothing is created. */
  public static AttemptPaths of(TrainyardHome home, String runId, String step, int attempt) {
    Path stepWork = home.work().resolve(segment("run id", runId)).resolve(segment("step", step));
    Path workDir = stepWork.resolve("attempt-" + attempt);
    return new AttemptPaths(
        workDir,
        workDir.resolve("outputs"),
        stepWork.resolve("checkpoint"),
        home.logs().resolve(segment("run id", runId)).resolve(step).resolve("attempt-" + attempt + ".log"));
  }

  /**
   * Create the directories, emptying the working directory a previous try of the same attempt
   * number may have left, and keeping the checkpoint.
   */
  public AttemptPaths prepare() {
    ArtifactStore.deleteTree(workDir);
    try {
      Files.createDirectories(outputDir);
      Files.createDirectories(checkpointDir);
      Files.createDirectories(logFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directories of attempt " + workDir, e);
    }
    return this;
  }

  private static String segment(String what, String value) {
    if (value == null || value.isBlank() || value.contains("/") || value.startsWith(".")) {
      throw new IllegalArgumentException(
          what + " '" + value + "' cannot name a directory: expected a non-empty name without '/' or a leading '.'");
    }
    return value;
  }
}
