package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StickyHandoverTest {
  @TempDir Path home;
  private Process live;

  @AfterEach
  void stop() {
    if (live != null) {
      live.destroyForcibly();
    }
  }

  @Test
  void orphansAreTheQueuesOfDeadWorkersOnly() throws Exception {
    long dead = deadPid();
    live = new ProcessBuilder("sleep", "60").start();
    Home.writeJson(home, "sticky-queues.json", new StickyHandover(Map.of(
        dead, List.of("dead-a", "dead-b"),
        live.pid(), List.of("live-a"))));

    assertThat(StickyHandover.orphans(home)).containsExactly("dead-a", "dead-b");
  }

  @Test
  void recordingKeepsLiveWorkersAndDropsTheDeadOnesThisWorkerTookOver() throws Exception {
    long dead = deadPid();
    live = new ProcessBuilder("sleep", "60").start();
    Home.writeJson(home, "sticky-queues.json", new StickyHandover(Map.of(
        dead, List.of("dead-a"),
        live.pid(), List.of("live-a"))));

    StickyHandover.record(home, List.of("dead-a", "mine"));

    StickyHandover written = Home.readJson(home, "sticky-queues.json", StickyHandover.class);
    assertThat(written.workers()).containsOnlyKeys(live.pid(), ProcessHandle.current().pid());
    assertThat(written.workers().get(ProcessHandle.current().pid())).containsExactly("dead-a", "mine");
    assertThat(StickyHandover.orphans(home)).isEmpty();
  }

  @Test
  void noFileMeansNothingToTakeOver() {
    assertThat(StickyHandover.orphans(home)).isEmpty();
  }

  private static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }
}
