package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard server}: commands of one home share one embedded server, and the last one to stop ends it. */
class ServerCommandTest {
  private static final Pattern ORIGIN = Pattern.compile("dev server (started|adopted), pid (\\d+)");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private final List<CliProcess> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (CliProcess p : processes) {
      p.close();
    }
  }

  @Test
  void twoCommandsStartedAtTheSameInstantShareOneServerAndTheLastToStopEndsIt() throws Exception {
    List<String> args = new ArrayList<>(List.of("server"));
    args.addAll(CliProcess.args(CliProcess.temporalOptions()));
    CliProcess first = start(args);
    CliProcess second = start(args);

    Matcher one = origin(first);
    Matcher other = origin(second);
    assertThat(List.of(one.group(1), other.group(1))).containsExactlyInAnyOrder("started", "adopted");
    assertThat(one.group(2)).as("one server for both").isEqualTo(other.group(2));
    ProcessHandle server = ProcessHandle.of(Long.parseLong(one.group(2))).orElseThrow();

    CliProcess starter = one.group(1).equals("started") ? first : second;
    CliProcess adopter = starter == first ? second : first;
    starter.close();
    assertThat(server.isAlive()).as("the other command still uses it").isTrue();
    adopter.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive());
    assertThat(first.stderr() + second.stderr()).doesNotContain("StatusRuntimeException", "UNAVAILABLE");
  }

  private CliProcess start(List<String> args) throws Exception {
    CliProcess process = CliProcess.start(home, Map.of(), args.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  private static Matcher origin(CliProcess process) throws InterruptedException {
    Matcher matcher = ORIGIN.matcher(process.awaitStderr(l -> ORIGIN.matcher(l).find(), Duration.ofSeconds(120)));
    assertThat(matcher.find()).isTrue();
    return matcher;
  }
}
