package io.trainyard.cli;

import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.serving.ServingConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The token settings of a Trainyard process on this machine, from the home's JWT secret. */
final class LocalSecurity {
  /** Who serving's replayed traffic is, in tokens and logs. */
  static final String SERVING_USER = "trainyard-serving";
  static final String SERVING_TOKEN_ENV = "TRAINYARD_SERVING_TOKEN";
  static final Duration SERVING_TOKEN_TTL = Duration.ofDays(365);
  /** Long enough for one start through the local API with its retries (3 tries of up to 60 s), no longer. */
  static final Duration START_TOKEN_TTL = Duration.ofMinutes(10);

  private LocalSecurity() {}

  /**
   * A token of this machine's user ({@code user.name}) as operator and viewer, signed with the home's
   * secret, with which {@code run} and {@code demo} register and start through the local API: the
   * audit trail and the run name who started it. Short-lived, minted for each start, never stored.
   */
  static String startToken(Path home) {
    return TokenIssuer.withSecret(JwtSecret.ensure(home))
        .issue(System.getProperty("user.name"), List.of(Roles.OPERATOR, Roles.VIEWER), START_TOKEN_TTL);
  }

  /**
   * The server's token settings for {@code secret}: tokens are verified with it, and serving's
   * labelled traffic gets a service token signed with it (unless {@code TRAINYARD_SERVING_TOKEN}
   * gives one). The service token lives as long as this process could, in memory only.
   */
  static Map<String, Object> properties(String secret) {
    Map<String, Object> props = new HashMap<>();
    props.put(TokenIssuer.SECRET_PROPERTY, secret);
    String given = System.getenv(SERVING_TOKEN_ENV);
    props.put(ServingConfiguration.PREFIX + ".token", given != null && !given.isBlank()
        ? given
        : TokenIssuer.withSecret(secret).issue(SERVING_USER, List.of(Roles.VIEWER), SERVING_TOKEN_TTL));
    return props;
  }
}
