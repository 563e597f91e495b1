package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TetheredCommandTest {
  @TempDir Path temp;

  @Test
  void closingTheWorkersPipeKillsTheCommandsWholeProcessGroup() throws Exception {
    Path pidFile = temp.resolve("grandchild.pid");
    Process wrapper =
        TetheredCommand.processBuilder(
                List.of("/bin/sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait"))
            .redirectOutput(temp.resolve("out.log").toFile())
            .redirectErrorStream(true)
            .start();
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long grandchild = Processes.pidIn(pidFile);
    assertThat(Processes.running(grandchild)).isTrue();

    // what a worker killed with SIGKILL does to the pipe: its write end closes
    wrapper.getOutputStream().close();

    assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(wrapper.exitValue()).isEqualTo(128 + 15);
    await().atMost(Duration.ofSeconds(30)).until(() -> !Processes.running(grandchild));
  }

  @Test
  void aWorkerKilledWithSigkillTakesItsStepsProcessGroupWithIt() throws Exception {
    Path pidFile = temp.resolve("grandchild.pid");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process worker =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TetheredWorker.class.getName(),
                "sleep 300 & echo $! > " + pidFile + "; wait")
            .redirectOutput(temp.resolve("worker.log").toFile())
            .redirectErrorStream(true)
            .start();
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long grandchild = Processes.pidIn(pidFile);
    assertThat(Processes.running(grandchild)).isTrue();

    worker.destroyForcibly();

    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> !Processes.running(grandchild));
  }

  @Test
  void whileThePipeStaysOpenTheCommandRunsToItsOwnExitCode() throws Exception {
    Process wrapper =
        TetheredCommand.processBuilder(List.of("/bin/sh", "-c", "echo out; exit 7"))
            .redirectOutput(temp.resolve("out.log").toFile())
            .redirectErrorStream(true)
            .start();

    assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(wrapper.exitValue()).isEqualTo(7);
    assertThat(temp.resolve("out.log")).hasContent("out");
    wrapper.getOutputStream().close();
  }
}
