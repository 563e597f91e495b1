package io.trainyard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one small file per call, like the bench's builtin step. */
public class BareActivitiesImpl implements BareActivities {
  private final Path dir;

  public BareActivitiesImpl(Path dir) {
    this.dir = dir;
  }

  @Override
  public int touch(int index) {
    try {
      Files.writeString(dir.resolve("touch-" + index), "1");
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
