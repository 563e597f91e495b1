package io.trainyard.artifact;

import static io.trainyard.failure.FailureAssertions.nonRetryable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import io.trainyard.failure.FailureTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path temp;
  ArtifactStore store;

  @BeforeEach
  void setUp() {
    store = new ArtifactStore(TrainyardHome.at(temp.resolve("home")));
  }

  @Test
  void fileDigestIsTheSha256OfItsBytesAndNamesItsPlaceInTheStore() throws Exception {
    Path data = Files.writeString(temp.resolve("data.csv"), "a,b\n1,2\n");
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data)));

    ArtifactRef ref = store.put(data, "train");

    assertThat(ref.sha256()).isEqualTo(expected);
    Path stored = store.localPath(ref);
    assertThat(stored).isEqualTo(temp.resolve("home/artifacts/sha256").resolve(expected).resolve("train"));
    assertThat(Files.readString(stored)).isEqualTo("a,b\n1,2\n");
    assertThat(ref.uri()).startsWith("file:");
    assertThat(data).exists();
  }

  @Test
  void equalTreesHaveEqualDigestsWhereverTheyAre() throws Exception {
    Path one = tree(temp.resolve("one"), "w1", "w2");
    Path two = tree(temp.resolve("elsewhere/two"), "w1", "w2");
    Path different = tree(temp.resolve("three"), "w1", "w3");

    assertThat(ArtifactStore.digest(one)).isEqualTo(ArtifactStore.digest(two));
    assertThat(ArtifactStore.digest(one)).isNotEqualTo(ArtifactStore.digest(different));

    ArtifactRef first = store.put(one, "model");
    ArtifactRef second = store.put(two, "model");
    assertThat(second).isEqualTo(first);
    Path stored = store.localPath(first);
    assertThat(Files.readString(stored.resolve("layers/weights.bin"))).isEqualTo("w1");
    assertThat(Files.readString(stored.resolve("config.json"))).isEqualTo("w2");
  }

  @Test
  void aRenamedFileInsideATreeChangesItsDigest() throws Exception {
    Path one = tree(temp.resolve("one"), "w1", "w2");
    String before = ArtifactStore.digest(one);
    Files.move(one.resolve("config.json"), one.resolve("config2.json"));
    assertThat(ArtifactStore.digest(one)).isNotEqualTo(before);
  }

  @Test
  void putIsAtomicAndLeavesNothingInStaging() throws Exception {
    Path dir = tree(temp.resolve("one"), "w1", "w2");

    ArtifactRef moved = store.put(dir, "model", true);

    assertThat(dir).doesNotExist();
    assertThat(store.localPath(moved).resolve("layers/weights.bin")).hasContent("w1");
    try (Stream<Path> staging = Files.list(store.root().resolve("tmp"))) {
      assertThat(staging).isEmpty();
    }
    // a leftover of a crashed put is a staging directory, never a digest directory
    try (Stream<Path> digests = Files.list(store.root().resolve("sha256"))) {
      assertThat(digests).containsExactly(store.root().resolve("sha256").resolve(moved.sha256()));
    }
  }

  @Test
  void changedContentIsADigestMismatch() throws Exception {
    ArtifactRef ref = store.put(Files.writeString(temp.resolve("m.bin"), "model"), "model");
    Path tampered = Files.writeString(temp.resolve("other.bin"), "tampered");

    assertThatThrownBy(() -> store.localPath(new ArtifactRef(tampered.toUri().toString(), ref.sha256())))
        .isInstanceOfSatisfying(ApplicationFailure.class, nonRetryable(FailureTypes.DIGEST_MISMATCH, ref.sha256()));
  }

  @Test
  void plainAbsolutePathsAreAcceptedAndVerified() throws Exception {
    Path file = Files.writeString(temp.resolve("x.txt"), "x");
    ArtifactRef ref = store.put(file, "x");
    assertThat(store.localPath(new ArtifactRef(file.toString(), ref.sha256()))).isEqualTo(file);
  }

  @Test
  void ingestStoresACopyOfExternalDataWithItsDigest() throws Exception {
    Path data = Files.writeString(temp.resolve("external.csv"), "x,y\n");

    ArtifactRef ref = store.ingest(data.toUri().toString());

    assertThat(ref.sha256()).isEqualTo(ArtifactStore.digest(data));
    assertThat(store.localPath(ref)).startsWith(store.root()).hasFileName("external.csv").hasContent("x,y\n");
    assertThatThrownBy(() -> store.ingest(temp.resolve("absent.csv").toString()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.STEP_MISCONFIGURED));
    assertThatThrownBy(() -> store.ingest("s3://bucket/key"))
        .hasMessageContaining("only file: URIs and local paths");
  }

  private static Path tree(Path root, String weights, String config) throws IOException {
    Files.createDirectories(root.resolve("layers"));
    Files.writeString(root.resolve("layers/weights.bin"), weights);
    Files.writeString(root.resolve("config.json"), config);
    return root;
  }
}
