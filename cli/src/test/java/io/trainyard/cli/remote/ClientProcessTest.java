package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.cli.Trainyard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code trainyard} process: main's exit code and the real environment. */
class ClientProcessTest {
  @TempDir Path dir;

  @Test
  void theProcessReadsTheEnvironmentAndExitsWithTheCodeOfTheAnswer() throws Exception {
    try (FakeApi api = new FakeApi()) {
      api.problem("GET", "/v1/runs/r9", 404, "Not found", "no run r9");
      Path config = Files.writeString(dir.resolve("config"), "token: from-file\n");

      ProcessBuilder builder = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Trainyard.class.getName(), "runs", "get", "r9"))
          .redirectOutput(dir.resolve("out").toFile())
          .redirectError(dir.resolve("err").toFile());
      builder.environment().remove("TRAINYARD_TOKEN");
      builder.environment().put("TRAINYARD_SERVER", api.url());
      builder.environment().put("TRAINYARD_CONFIG", config.toString());
      Process process = builder.start();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

      assertThat(process.exitValue()).isEqualTo(5);
      assertThat(Files.readString(dir.resolve("err"))).contains("trainyard: Not found: no run r9\n  request id: req-404\n");
      assertThat(api.only().header("Authorization")).isEqualTo("Bearer from-file");
    }
  }
}
