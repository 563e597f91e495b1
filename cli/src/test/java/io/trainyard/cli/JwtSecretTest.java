package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSecretTest {
  @TempDir Path home;

  @Test
  void theFirstStartCreatesAnOwnerOnlySecretThatLaterStartsReuse() throws Exception {
    assertThat(JwtSecret.find(home, Map.of())).isEmpty();

    String secret = JwtSecret.ensure(home, Map.of());

    Path file = home.resolve(JwtSecret.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(JwtSecret.ensure(home, Map.of())).isEqualTo(secret);
    assertThat(JwtSecret.find(home, Map.of())).contains(secret);
    assertThat(Files.list(home)).containsExactly(file);
  }

  @Test
  void theEnvironmentWinsOverTheFileAndCreatesNothing() {
    String given = "a-secret-from-the-environment-of-40-bytes";

    assertThat(JwtSecret.ensure(home, Map.of("TRAINYARD_JWT_SECRET", given))).isEqualTo(given);
    assertThat(home.resolve(JwtSecret.FILE)).doesNotExist();
  }

  @Test
  void twoSecretsNeverDiffer() {
    String first = JwtSecret.ensure(home, Map.of());
    String second = JwtSecret.ensure(home.resolve("other"), Map.of());

    assertThat(first).isNotEqualTo(second);
  }
}
