package io.trainyard.kubernetes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digest of the image a container ran, for lineage (a tag alone is not lineage: it moves), from
 * the {@code imageID} the kubelet reports in {@code status.containerStatuses[]}. Its form depends on
 * the container runtime: containerd and CRI-O report {@code repo@sha256:<hex>}, Docker (dockershim,
 * cri-dockerd) {@code docker-pullable://repo@sha256:<hex>} for a pulled image and {@code
 * docker://sha256:<hex>} (the image's own id) for one that was only ever local; some runtimes report
 * a bare {@code sha256:<hex>}. All normalise to {@code repo@sha256:<hex>}, or {@code sha256:<hex>} when
 * no repository is named (unless the image reference pins a digest: then that one). An image
 * reference that pins a digest ({@code repo@sha256:<hex>}) is the answer when the status has none.
 */
public final class ImageDigests {
  /** An OCI digest of the algorithms registries use: sha256, and sha512. */
  private static final String DIGEST = "sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}";
  private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");
  private static final Pattern REPOSITORY_DIGEST = Pattern.compile("^([^@\\s]+)@(" + DIGEST + ")$");
  private static final Pattern BARE_DIGEST = Pattern.compile("^(" + DIGEST + ")$");

  private ImageDigests() {}

  /**
   * The digest of the image that ran, from the container status's {@code imageID} and the image
   * reference the pod asked for; empty when neither says one (a runtime reporting something else).
   */
  public static Optional<String> of(String imageId, String image) {
    Optional<String> pinned = repositoryDigest(image);
    if (imageId == null || imageId.isBlank()) {
      return pinned;
    }
    String id = SCHEME.matcher(imageId.trim()).replaceFirst("");
    Optional<String> resolved = repositoryDigest(id);
    if (resolved.isPresent()) {
      return resolved;
    }
    Matcher bare = BARE_DIGEST.matcher(id);
    if (bare.matches()) {
      // an image id, not a registry's manifest digest: only the reference can name the repository
      return pinned.isPresent() ? pinned : Optional.of(bare.group(1));
    }
    return pinned;
  }

  private static Optional<String> repositoryDigest(String reference) {
    if (reference == null) {
      return Optional.empty();
    }
    Matcher matcher = REPOSITORY_DIGEST.matcher(reference.trim());
    return matcher.matches() ? Optional.of(repository(matcher.group(1)) + "@" + matcher.group(2)) : Optional.empty();
  }

  /** {@code repo:tag} → {@code repo} (a port in the registry's host is not a tag). */
  private static String repository(String name) {
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }
}
