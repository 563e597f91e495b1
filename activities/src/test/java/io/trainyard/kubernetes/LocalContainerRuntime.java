package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link ContainerRuntime} that runs the container's argv as a local process: the image's
 * environment ({@code PATH}) under the container's own, a fresh temporary working directory, stdout
 * and stderr merged like a container log. An image's executables that this machine lacks are
 * stood in for by {@link #withCommand}.
 */
public final class LocalContainerRuntime implements ContainerRuntime {
  private final Map<String, List<String>> commands;
  private final Map<String, String> imageEnvironment;

  LocalContainerRuntime(Map<String, List<String>> commands, Map<String, String> imageEnvironment) {
    this.commands = Map.copyOf(commands);
    this.imageEnvironment = Map.copyOf(imageEnvironment);
  }

  /**
   * This runtime where an argv starting with {@code executable} starts with {@code replacement}
   * instead, e.g. {@code withCommand("trainyard", List.of("java", "-cp", cp, "io.trainyard.cli.Trainyard"))}.
   */
  public LocalContainerRuntime withCommand(String executable, List<String> replacement) {
    if (replacement.isEmpty()) {
      throw new IllegalArgumentException("replacement for " + executable + ": expected at least an executable");
    }
    Map<String, List<String>> next = new HashMap<>(commands);
    next.put(executable, List.copyOf(replacement));
    return new LocalContainerRuntime(next, imageEnvironment);
  }

  /** This runtime where the image's environment also holds {@code name=value} (the container's env still wins). */
  public LocalContainerRuntime withImageEnvironment(String name, String value) {
    Map<String, String> next = new HashMap<>(imageEnvironment);
    next.put(name, value);
    return new LocalContainerRuntime(commands, next);
  }

  @Override
  public Process start(Container container, Map<String, String> environment) throws IOException {
    List<String> argv = argv(container);
    Path workingDirectory = Files.createTempDirectory("kubelet-" + container.getName() + "-");
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(imageEnvironment);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      delete(workingDirectory);
      throw e;
    }
    // a container's own filesystem goes with it
    process.onExit().thenRun(() -> delete(workingDirectory));
    return process;
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory harms no test
    }
  }

  /** The argv Kubernetes runs: {@code command} then {@code args}, with the first element substituted when asked. */
  List<String> argv(Container container) throws IOException {
    List<String> argv = new ArrayList<>(container.getCommand() == null ? List.of() : container.getCommand());
    if (container.getArgs() != null) {
      argv.addAll(container.getArgs());
    }
    if (argv.isEmpty()) {
      // an image's ENTRYPOINT is not known here
      throw new IOException("container " + container.getName() + ": no command, and the image's entry point is unknown to the emulator");
    }
    List<String> replacement = commands.get(argv.get(0));
    if (replacement != null) {
      argv.remove(0);
      argv.addAll(0, replacement);
    }
    return argv;
  }
}
