package io.trainyard.cli;

import io.trainyard.api.security.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The HS256 secret the local server verifies tokens with: {@code TRAINYARD_JWT_SECRET} when set,
 * else the home's {@code jwt-secret} file, which the embedded stacks ({@code dev}, {@code run},
 * {@code demo}) create on first start: 32 random bytes, hex, readable by its owner only.
 */
final class JwtSecret {
  static final String FILE = "jwt-secret";
  private static final int RANDOM_BYTES = 32;

  private JwtSecret() {}

  /** The configured secret, if any. */
  static Optional<String> find(Path home) {
    return find(home, System.getenv());
  }

  static Optional<String> find(Path home, Map<String, String> env) {
    String given = env.get(TokenIssuer.SECRET_ENV);
    if (given != null && !given.isBlank()) {
      return Optional.of(given.strip());
    }
    Path file = home.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
      return stored.isEmpty() ? Optional.empty() : Optional.of(stored);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The configured secret, or a new one written to the home's {@code jwt-secret} (mode 0600). */
  static String ensure(Path home) {
    return ensure(home, System.getenv());
  }

  static String ensure(Path home, Map<String, String> env) {
    return find(home, env).orElseGet(() -> create(home));
  }

  private static String create(Path home) {
    byte[] bytes = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    Path file = home.resolve(FILE);
    try {
      return Home.createSecret(file, secret + "\n")
          ? secret
          : find(home, Map.of()).orElseThrow(() -> new IllegalStateException(file + " exists and is empty"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JWT secret " + file, e);
    }
  }
}
