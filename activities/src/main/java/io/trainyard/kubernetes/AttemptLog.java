package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The attempt log of a Kubernetes step: what the executor did with the Job (created, adopted,
 * disrupted pods, deleted) and each pod's container log under a header naming the pod, its node and
 * how it ended.
 */
final class AttemptLog {
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

  /** The container log of a pod that ended, under {@code --- pod <name> on <node> (<how it ended>)}. */
  void pod(Pod pod, String ended) {
    String name = pod.getMetadata().getName();
    String node = pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "no node" : pod.getSpec().getNodeName();
    StringBuilder text = new StringBuilder("--- pod ").append(name).append(" on ").append(node).append(" (").append(ended).append(")\n");
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

  private synchronized void append(String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the attempt log " + file, e);
    }
  }
}
