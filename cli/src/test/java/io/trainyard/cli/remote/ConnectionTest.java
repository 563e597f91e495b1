package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server and the token come from. */
class ConnectionTest {
  @TempDir Path dir;

  @Test
  void withNothingConfiguredTheLocalDevServerWithoutAToken() {
    Connection connection = Connection.resolve(null, null, Map.of("TRAINYARD_CONFIG", dir.resolve("absent").toString())::get);

    assertThat(connection).isEqualTo(new Connection(URI.create("http://127.0.0.1:8080"), null));
  }

  @Test
  void theConfigFileIsUnderTheHomeDirectoryUnlessTrainyardConfigNamesOne() {
    assertThat(Connection.configPath(Map.<String, String>of()::get))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".trainyard", "config"));
    assertThat(Connection.configPath(Map.of("TRAINYARD_CONFIG", "/etc/ty")::get)).isEqualTo(Path.of("/etc/ty"));
  }

  @Test
  void blankValuesFallThroughAndAPathPrefixIsKept() throws IOException {
    Path config = Files.writeString(dir.resolve("config"), "server: https://ml.example.org/trainyard/\ntoken: from-file\n");

    Connection connection = Connection.resolve(" ", "", Map.of("TRAINYARD_CONFIG", config.toString(), "TRAINYARD_TOKEN", " ")::get);

    assertThat(connection).isEqualTo(new Connection(URI.create("https://ml.example.org/trainyard"), "from-file"));
  }

  @Test
  void anEmptyConfigFileIsNoConfigAndMalformedYamlIsInvalidInput() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "");
    Path malformed = Files.writeString(dir.resolve("malformed"), "server: [unclosed\n");

    assertThat(Connection.resolve(null, "t", Map.of("TRAINYARD_CONFIG", empty.toString())::get).server())
        .isEqualTo(URI.create(Connection.DEFAULT_SERVER));
    assertThatThrownBy(() -> Connection.resolve(null, null, Map.of("TRAINYARD_CONFIG", malformed.toString())::get))
        .isInstanceOfSatisfying(CommandFailure.class, failure -> assertThat(failure.exitCode()).isEqualTo(2))
        .hasMessageContaining("cannot read config file " + malformed);
  }
}
