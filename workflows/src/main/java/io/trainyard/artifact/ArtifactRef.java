package io.trainyard.artifact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An artifact passed between steps: its URI and, once it is in the store, its sha256 digest.
 * Artifacts never travel as workflow payloads, only their references.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtifactRef(String uri, String sha256) {
  /** A reference to data outside the store, not digested yet. */
  public static ArtifactRef external(String uri) {
    return new ArtifactRef(uri, null);
  }
}
