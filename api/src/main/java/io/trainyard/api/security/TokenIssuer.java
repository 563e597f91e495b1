package io.trainyard.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Signs Trainyard tokens with the shared HS256 secret, as the server verifies them: the user in
 * {@code sub}, the roles in {@code roles}, issued-at and expiry. Whoever holds the secret can mint
 * any token, so this is for the server's own embedded stacks and for {@code trainyard token create}
 * run by an administrator; with an OIDC issuer, tokens come from the issuer instead.
 */
public final class TokenIssuer {
  /** The property holding the secret the server verifies tokens with. */
  public static final String SECRET_PROPERTY = "micronaut.security.token.jwt.signatures.secret.generator.secret";
  /** The environment variable the CLI reads the secret from. */
  public static final String SECRET_ENV = "TRAINYARD_JWT_SECRET";
  /** HS256 needs a key of at least 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  private final MACSigner signer;
  private final Clock clock;

  private TokenIssuer(byte[] secret, Clock clock) {
    try {
      this.signer = new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the JWT secret is not usable for HS256: " + e.getMessage(), e);
    }
    this.clock = clock;
  }

  /** An issuer signing with {@code secret} (the text, as the server reads the property). */
  public static TokenIssuer withSecret(String secret) {
    return withSecret(secret, Clock.systemUTC());
  }

  /** An issuer with its own clock (tokens issued in the past are expired ones). */
  public static TokenIssuer withSecret(String secret, Clock clock) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException("no JWT secret: set " + SECRET_ENV + " (or " + SECRET_PROPERTY
          + "); trainyard dev writes one to .trainyard/jwt-secret");
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the JWT secret has " + bytes.length + " bytes; HS256 needs at least "
          + MIN_SECRET_BYTES);
    }
    return new TokenIssuer(bytes, clock);
  }

  /** A signed token for {@code user} with {@code roles}, valid for {@code ttl}. */
  public String issue(String user, Collection<String> roles, Duration ttl) {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("user: expected a non-blank name");
    }
    if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> r == null || r.isBlank())) {
      throw new IllegalArgumentException("roles: expected at least one non-blank role, found " + roles);
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: expected a positive duration, found " + ttl);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(user)
        .claim("roles", List.copyOf(new LinkedHashSet<>(roles)))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
