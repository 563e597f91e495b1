package io.trainyard.kubernetes;

import io.micronaut.core.annotation.Nullable;

/**
 * Deployment-wide facts of step Jobs: Trainyard's own image (builtin steps, and command steps that
 * name none), the namespace, the artifact volume claim and where it is mounted, and how long a
 * finished Job stays for its logs and status to be read.
 *
 * @param artifactClaim the PersistentVolumeClaim shared with the workers, or null when artifacts
 *     travel by URI only
 */
public record JobSettings(
    String image, String namespace, @Nullable String artifactClaim, String artifactMountPath, int ttlSecondsAfterFinished) {
  public JobSettings {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("image: expected Trainyard's container image, e.g. ghcr.io/example/trainyard:0.1.0");
    }
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("namespace: expected the namespace step Jobs run in");
    }
    if (artifactMountPath == null || !artifactMountPath.startsWith("/")) {
      throw new IllegalArgumentException("artifactMountPath: expected an absolute path, found " + artifactMountPath);
    }
    if (ttlSecondsAfterFinished < 0) {
      throw new IllegalArgumentException("ttlSecondsAfterFinished must be >= 0, found " + ttlSecondsAfterFinished);
    }
  }
}
