package io.trainyard.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.trainyard.kubernetes.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * The emulated kubelet's {@link ContainerRuntime}, noting when the last container's process was
 * asked to start and when the JVM saw it exit (nanoTime): the container's own runtime.
 */
final class TimedRuntime implements ContainerRuntime {
  private final ContainerRuntime delegate;
  volatile long started;
  volatile long exited;

  TimedRuntime(ContainerRuntime delegate) {
    this.delegate = delegate;
  }

  @Override
  public Process start(Container container, Map<String, String> environment) throws IOException {
    long start = System.nanoTime();
    Process process = delegate.start(container, environment);
    started = start;
    process.onExit().thenRun(() -> exited = System.nanoTime());
    return process;
  }
}
