package io.trainyard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageDigestsTest {
  private static final String HEX = "4f5b0c3a0a6d2f0e8c1b7d9e3a2f6c5b4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a";
  private static final String IMAGE = "ghcr.io/example/trainyard:0.4.0";

  @Test
  void containerdAndCriOReportTheRepositoryDigest() {
    assertThat(ImageDigests.of("ghcr.io/example/trainyard@sha256:" + HEX, IMAGE))
        .contains("ghcr.io/example/trainyard@sha256:" + HEX);
    assertThat(ImageDigests.of("docker.io/library/python@sha256:" + HEX, "python:3.12"))
        .contains("docker.io/library/python@sha256:" + HEX);
  }

  @Test
  void dockerPrefixesItsSchemeToAPulledImage() {
    assertThat(ImageDigests.of("docker-pullable://registry.local:5000/team/trainer@sha256:" + HEX, "registry.local:5000/team/trainer:v2"))
        .contains("registry.local:5000/team/trainer@sha256:" + HEX);
  }

  @Test
  void aBareImageIdIsKeptAsTheDigestUnlessTheReferencePinsOne() {
    assertThat(ImageDigests.of("docker://sha256:" + HEX, IMAGE)).contains("sha256:" + HEX);
    assertThat(ImageDigests.of("sha256:" + HEX, IMAGE)).contains("sha256:" + HEX);
    String pinned = "ghcr.io/example/trainyard@sha256:" + "a".repeat(64);
    assertThat(ImageDigests.of("sha256:" + HEX, pinned)).contains(pinned);
  }

  @Test
  void aTagInTheRepositoryIsDroppedAndARegistryPortKept() {
    assertThat(ImageDigests.of("ghcr.io/example/trainyard:0.4.0@sha256:" + HEX, IMAGE))
        .contains("ghcr.io/example/trainyard@sha256:" + HEX);
    assertThat(ImageDigests.of("localhost:5000/trainer@sha256:" + HEX, "localhost:5000/trainer"))
        .contains("localhost:5000/trainer@sha256:" + HEX);
  }

  @Test
  void withoutAnImageIdOnlyAPinnedReferenceIsADigest() {
    String pinned = "ghcr.io/example/trainyard@sha256:" + HEX;
    assertThat(ImageDigests.of(null, pinned)).contains(pinned);
    assertThat(ImageDigests.of("", pinned)).contains(pinned);
    assertThat(ImageDigests.of(null, IMAGE)).isEmpty();
  }

  @Test
  void somethingThatIsNoDigestIsNone() {
    assertThat(ImageDigests.of("ghcr.io/example/trainyard:0.4.0", IMAGE)).isEmpty();
    assertThat(ImageDigests.of("docker-pullable://trainer@sha256:abc", IMAGE)).isEmpty();
    assertThat(ImageDigests.of("sha256:" + HEX.toUpperCase(), IMAGE)).isEmpty();
    assertThat(ImageDigests.of("sha512:" + HEX + HEX, IMAGE)).contains("sha512:" + HEX + HEX);
  }
}
