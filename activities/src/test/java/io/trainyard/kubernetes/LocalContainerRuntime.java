package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(Files.createTempDirectory("kubelet-" + container.getName() + "-").toFile())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(imageEnvironment);
    builder.environment().putAll(environment);
    return builder.start();
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
