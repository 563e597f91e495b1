package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.trainyard.temporal.payload.PayloadCipher;
import io.trainyard.temporal.payload.PayloadDataConverter;
import io.trainyard.temporal.payload.PayloadKeysConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home's payload key file: made owner-only on first start, rotated with the old keys kept. */
class PayloadKeyFileTest {
  private static final String PARAMETER = "learning_rate=0.0314-of-an-earlier-run";

  @TempDir Path home;

  @Test
  void theFirstStartCreatesAnOwnerOnlyKeyThatLaterStartsReuse() throws Exception {
    Map<String, Object> props = PayloadKeyFile.properties(home, Map.of());

    Path file = home.resolve(PayloadKeyFile.FILE);
    assertThat(props).containsEntry(PayloadKeysConfiguration.PREFIX + ".key-file", file.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String first = Files.readString(file);
    assertThat(PayloadKeyFile.read(file).ids()).containsExactly("k1");
    PayloadKeyFile.properties(home, Map.of());
    assertThat(Files.readString(file)).isEqualTo(first);
  }

  @Test
  void rotationMakesANewCurrentKeyAndWhatTheOldOneEncryptedStillDecodes() throws Exception {
    PayloadKeyFile.properties(home, Map.of());
    Path file = home.resolve(PayloadKeyFile.FILE);
    Payload earlier = converter(file).toPayload(PARAMETER).orElseThrow();

    assertThat(PayloadKeyFile.rotate(file)).isEqualTo("k2");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PayloadKeyFile.read(file).ids()).containsExactly("k1", "k2");
    assertThat(PayloadKeyFile.read(file).currentId()).hasValue("k2");
    DataConverter rotated = converter(file);
    assertThat(rotated.fromPayload(earlier, String.class, String.class)).isEqualTo(PARAMETER);
    assertThat(rotated.toPayload(PARAMETER).orElseThrow().getMetadataOrThrow(PayloadCipher.KEY_ID).toStringUtf8()).isEqualTo("k2");
    assertThat(PayloadKeyFile.rotate(file)).isEqualTo("k3");
  }

  @Test
  void keysGivenByTheEnvironmentAreUsedAsGivenAndNeverRotatedHere() {
    assertThat(PayloadKeyFile.properties(home, Map.of(PayloadKeyFile.KEYS_ENV, "k1=..."))).isEmpty();
    assertThat(home.resolve(PayloadKeyFile.FILE)).doesNotExist();
    assertThatThrownBy(() -> PayloadKeyFile.file(home, Map.of(PayloadKeyFile.KEYS_ENV, "k1=...")))
        .hasMessageContaining(PayloadKeyFile.KEYS_ENV);
    assertThat(PayloadKeyFile.file(home, Map.of(PayloadKeyFile.FILE_ENV, "/etc/trainyard/keys"))).isEqualTo(Path.of("/etc/trainyard/keys"));
  }

  private static DataConverter converter(Path file) {
    return PayloadDataConverter.of(new PayloadKeysConfiguration(file, null, PayloadKeysConfiguration.DEFAULT_COMPRESSION_THRESHOLD));
  }
}
