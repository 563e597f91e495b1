package io.trainyard.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test probes for child processes. */
final class Processes {
  private Processes() {}

  /** True while the process exists and is not a zombie (a zombie has ended; it only waits to be reaped). */
  static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat);
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException gone) {
      return false;
    }
  }

  /** The pid a test step wrote to a file. */
  static long pidIn(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).trim());
  }
}
