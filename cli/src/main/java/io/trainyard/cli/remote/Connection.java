package io.trainyard.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.cli.Trainyard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where the API is and the token to show it. Each comes from the flag, else the environment
 * ({@code TRAINYARD_SERVER}, {@code TRAINYARD_TOKEN}), else the config file ({@code server:} and
 * {@code token:} in {@code ~/.trainyard/config}, or the file {@code TRAINYARD_CONFIG} names).
 */
record Connection(URI server, String token) {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Resolve flag over environment over config file over the default; {@code env} reads the environment. */
  static Connection resolve(String serverFlag, String tokenFlag, Function<String, String> env) {
    Path configPath = configPath(env);
    JsonNode config = readConfig(configPath);
    String server = first(serverFlag, env.apply("TRAINYARD_SERVER"), config.path("server").asText(null));
    String token = first(tokenFlag, env.apply("TRAINYARD_TOKEN"), config.path("token").asText(null));
    return new Connection(serverUri(server == null ? DEFAULT_SERVER : server), token);
  }

  static Path configPath(Function<String, String> env) {
    String configured = env.apply("TRAINYARD_CONFIG");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".trainyard", "config");
  }

  private static JsonNode readConfig(Path path) {
    try {
      JsonNode config = YAML.readTree(Files.readString(path));
      if (config == null || config.isMissingNode() || config.isNull()) {
        return YAML.createObjectNode();
      }
      if (!config.isObject()) {
        throw CommandFailure.of(Trainyard.INVALID_INPUT, "config file " + path + " is not a YAML mapping (expected server: and token:)");
      }
      return config;
    } catch (NoSuchFileException absent) {
      return YAML.createObjectNode();
    } catch (IOException e) {
      throw CommandFailure.of(Trainyard.INVALID_INPUT, "cannot read config file " + path + ": " + e.getMessage());
    }
  }

  private static URI serverUri(String server) {
    String trimmed = server.strip().replaceAll("/+$", "");
    try {
      URI uri = URI.create(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException malformed) {
      // reported below with what is expected
    }
    throw CommandFailure.of(Trainyard.INVALID_INPUT, "server '" + server + "' is not an http(s) URL such as " + DEFAULT_SERVER);
  }

  private static String first(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.strip();
      }
    }
    return null;
  }
}
