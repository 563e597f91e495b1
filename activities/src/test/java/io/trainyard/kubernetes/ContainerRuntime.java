package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.util.Map;

/**
 * How {@link KubeletEmulator} runs a pod's container on this machine: given the container (its
 * {@code command} and {@code args}) and its resolved environment, start a local process whose
 * stdout and stderr become the container's log and whose exit code is the container's.
 */
@FunctionalInterface
public interface ContainerRuntime {

  /** Starts {@code container} with exactly {@code environment} (the kubelet resolved its secrets). */
  Process start(Container container, Map<String, String> environment) throws IOException;

  /** Runs {@code command + args} as a local process in a fresh temporary directory. */
  static LocalContainerRuntime local() {
    return new LocalContainerRuntime(Map.of(), imageEnvironment());
  }

  /** What an image's {@code ENV} gives every container: a {@code PATH}, taken from this machine. */
  private static Map<String, String> imageEnvironment() {
    String path = System.getenv("PATH");
    return path == null ? Map.of() : Map.of("PATH", path);
  }
}
