package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The attempt log of a Kubernetes step: what the executor did with the Job (created, adopted,
 * disrupted pods, deleted) and each pod's container log under a header naming the pod, its node and
 * how it ended. A running pod's log is followed as the container writes it, so that the log of a
 * pod that goes away (evicted, past the Job's deadline) is kept all the same.
 */
final class AttemptLog {
  /** How long a followed log may take to deliver its last lines once the pod ended. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String namespace;
  private final Path file;

  AttemptLog(KubernetesClient client, String namespace, Path file) {
    this.client = client;
    this.namespace = namespace;
    this.file = file;
  }

  /** The log file. */
  Path file() {
    return file;
  }

  /** A line from the executor itself. */
  void note(String line) {
    append("[trainyard " + Instant.now() + "] " + line + "\n");
  }

  /**
   * Copy a running pod's container log here as it is written, under {@code --- pod <name> on <node>
   * (Running)}; null when the API server would not stream it (its log is then read when it ends).
   */
  LogWatch follow(Pod pod) {
    append(header(pod, "Running"));
    try {
      return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).inContainer(JobSpecs.CONTAINER)
        .watchLog(new OutputStream() {
          @Override
          public void write(int b) {
            append(new byte[] {(byte) b});
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            append(Arrays.copyOfRange(bytes, offset, offset + length));
          }
        });
    } catch (KubernetesClientException e) {
      note("cannot follow the log of pod " + pod.getMetadata().getName() + " (" + e.getMessage() + "); it is read when the pod ends");
      return null;
    }
  }

  /** The end of a followed pod: its last lines (waited for a little), then {@code --- pod <name> ended (<how>)}. */
  void ended(Pod pod, LogWatch followed, String ended) {
    try {
      followed.onClose().toCompletableFuture().get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the stream broke or lingers: what arrived is in the log, the end line says how the pod ended
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      followed.close();
    }
    append("--- pod " + pod.getMetadata().getName() + " ended (" + ended + ")\n");
  }

  /** The container log of a pod that ended before it was followed, under {@code --- pod <name> on <node> (<how it ended>)}. */
  void pod(Pod pod, String ended) {
    String name = pod.getMetadata().getName();
    StringBuilder text = new StringBuilder(header(pod, ended));
    try {
      String log = client.pods().inNamespace(namespace).withName(name).inContainer(JobSpecs.CONTAINER).getLog();
      text.append(log == null ? "" : log);
      if (log != null && !log.isEmpty() && !log.endsWith("\n")) {
        text.append('\n');
      }
    } catch (KubernetesClientException e) {
      // an evicted pod may be gone before its log was read; say so rather than fail the step
      text.append("(log not available: ").append(e.getCode() == 404 ? "pod deleted" : e.getMessage()).append(")\n");
    }
    append(text.toString());
  }

  private static String header(Pod pod, String state) {
    String node = pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "no node" : pod.getSpec().getNodeName();
    return "--- pod " + pod.getMetadata().getName() + " on " + node + " (" + state + ")\n";
  }

  private void append(String text) {
    append(text.getBytes(StandardCharsets.UTF_8));
  }

  private synchronized void append(byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the attempt log " + file, e);
    }
  }
}
