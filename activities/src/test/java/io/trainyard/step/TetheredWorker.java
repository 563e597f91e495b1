package io.trainyard.step;

import java.util.List;

/** A stand-in worker JVM for tests: starts a tethered command, then waits to be killed. */
public final class TetheredWorker {
  private TetheredWorker() {}

  /** Runs {@code /bin/sh -c args[0]} tethered to this JVM and sleeps. */
  public static void main(String[] args) throws Exception {
    TetheredCommand.processBuilder(List.of("/bin/sh", "-c", args[0]))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true)
        .start();
    Thread.sleep(Long.MAX_VALUE);
  }
}
