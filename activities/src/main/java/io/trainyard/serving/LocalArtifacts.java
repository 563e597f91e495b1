package io.trainyard.serving;

import io.trainyard.artifact.ArtifactRef;
import java.net.URI;
import java.nio.file.Path;

/** The local file behind an artifact reference, for targets that serve from this machine. */
public final class LocalArtifacts {

  private LocalArtifacts() {}

  /** The path of a {@code file:} artifact, or an error naming the URI. */
  public static Path path(ArtifactRef artifact) {
    if (artifact == null || artifact.uri() == null) {
      throw new IllegalArgumentException("artifact: expected a file: URI, found none");
    }
    URI uri = URI.create(artifact.uri());
    if (!"file".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "artifact '" + artifact.uri() + "': the local serving target reads only file: URIs");
    }
    return Path.of(uri);
  }
}
