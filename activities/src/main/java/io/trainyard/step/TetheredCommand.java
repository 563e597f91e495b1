package io.trainyard.step;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command tethered to the worker: a small {@code /bin/sh} wrapper runs it in its own
 * process group (via {@code setsid}) and watches its own stdin, a pipe from the worker. When that
 * pipe reaches EOF — the worker closed it or died, even by SIGKILL — the wrapper sends TERM to the
 * command's process group, and KILL after a grace period, so no step outlives its worker.
 */
public final class TetheredCommand {

  /** Seconds between the TERM and the KILL the wrapper sends when the worker is gone. */
  public static final int GRACE_SECONDS = 5;

  private static final String WRAPPER =
      String.join(
          "\n",
          "exec 3<&0",
          "setsid \"$@\" </dev/null &",
          "child=$!",
          "( while read -r _; do :; done; kill -TERM \"-$child\" 2>/dev/null; sleep " + GRACE_SECONDS
              + "; kill -KILL \"-$child\" 2>/dev/null ) <&3 &",
          "watcher=$!",
          "exec 3<&-",
          "wait \"$child\"",
          "status=$?",
          "kill \"$watcher\" 2>/dev/null",
          "wait \"$watcher\" 2>/dev/null",
          "exit \"$status\"");

  private TetheredCommand() {}

  /**
   * A process builder that runs {@code argv} under the wrapper. Keep the started process's stdin
   * ({@code Process.getOutputStream()}) open while the step should run; closing it stops the step.
   */
  public static ProcessBuilder processBuilder(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("command: expected at least the program to run");
    }
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "trainyard-step"));
    command.addAll(argv);
    return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
  }
}
