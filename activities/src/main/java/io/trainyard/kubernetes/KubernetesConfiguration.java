package io.trainyard.kubernetes;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.step.StepExecutors;
import java.time.Duration;

/**
 * How the Kubernetes executor runs step Jobs ({@code trainyard.kubernetes.*}, read only when
 * {@code trainyard.executor=kubernetes}).
 *
 * <ul>
 *   <li>{@code namespace}: where Jobs run; env {@code TRAINYARD_KUBERNETES_NAMESPACE}, else the
 *       client's namespace (the pod's own in a cluster, the kubeconfig context's outside).
 *   <li>{@code image}: Trainyard's image, for builtin steps and command steps that name none.
 *   <li>{@code artifact-claim}: the PersistentVolumeClaim shared with the workers (none: artifacts
 *       travel by URI only); {@code artifact-mount-path}: where pods mount it, by default the
 *       worker's {@code trainyard.home}, so paths in the step contract mean the same in the pod.
 *   <li>{@code ttl-seconds-after-finished} (3600): how long a finished Job stays for inspection.
 *   <li>{@code unschedulable-timeout} (5m): how long a pod may stay unschedulable before the step
 *       falls back to its next hardware class; on its last class the step keeps waiting.
 *   <li>{@code max-disruptions} (5): evictions and preemptions one attempt tolerates.
 *   <li>{@code delete-grace} (60s): how long a cancelled step waits for its Job and pods to go.
 * </ul>
 */
@ConfigurationProperties(KubernetesConfiguration.PREFIX)
@Requires(property = StepExecutors.PROPERTY, value = KubernetesExecutor.NAME)
public record KubernetesConfiguration(
    @Nullable String namespace,
    @Nullable String image,
    @Nullable String artifactClaim,
    @Nullable String artifactMountPath,
    @Bindable(defaultValue = "3600") int ttlSecondsAfterFinished,
    @Bindable(defaultValue = "5m") Duration unschedulableTimeout,
    @Bindable(defaultValue = "5") int maxDisruptions,
    @Bindable(defaultValue = "60s") Duration deleteGrace) {

  public static final String PREFIX = "trainyard.kubernetes";

  public KubernetesConfiguration {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException(PREFIX + ".image: expected Trainyard's container image, e.g. ghcr.io/example/trainyard:0.1.0");
    }
    if (ttlSecondsAfterFinished < 0) {
      throw new IllegalArgumentException(PREFIX + ".ttl-seconds-after-finished must be >= 0, found " + ttlSecondsAfterFinished);
    }
    if (unschedulableTimeout == null || unschedulableTimeout.isNegative()) {
      throw new IllegalArgumentException(PREFIX + ".unschedulable-timeout must be a duration >= 0, found " + unschedulableTimeout);
    }
    if (maxDisruptions < 0) {
      throw new IllegalArgumentException(PREFIX + ".max-disruptions must be >= 0, found " + maxDisruptions);
    }
    if (deleteGrace == null || deleteGrace.isNegative()) {
      throw new IllegalArgumentException(PREFIX + ".delete-grace must be a duration >= 0, found " + deleteGrace);
    }
    namespace = namespace == null || namespace.isBlank() ? null : namespace.strip();
    artifactClaim = artifactClaim == null || artifactClaim.isBlank() ? null : artifactClaim.strip();
    artifactMountPath = artifactMountPath == null || artifactMountPath.isBlank() ? null : artifactMountPath.strip();
  }

  /** The Job settings, with the client's namespace and the worker's home filling what is not configured. */
  public JobSettings jobSettings(@Nullable String clientNamespace, TrainyardHome home) {
    String ns = namespace != null ? namespace : clientNamespace;
    if (ns == null || ns.isBlank()) {
      throw new IllegalArgumentException(PREFIX + ".namespace: not configured and the Kubernetes client has no namespace; "
          + "set TRAINYARD_KUBERNETES_NAMESPACE");
    }
    String mountPath = artifactMountPath != null ? artifactMountPath : home.root().toString();
    return new JobSettings(image, ns, artifactClaim, mountPath, ttlSecondsAfterFinished);
  }
}
