package io.trainyard.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
  private static final String SECRET = "token-issuer-test-secret-of-at-least-32-bytes";

  @Test
  void signsTheUserAndRolesWithHs256ForTheTtl() throws Exception {
    Instant now = Instant.parse("2026-11-26T03:00:00Z");
    String token = TokenIssuer.withSecret(SECRET, Clock.fixed(now, ZoneOffset.UTC))
        .issue("alice", List.of("operator", "viewer", "operator"), Duration.ofMinutes(90));

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("operator", "viewer");
    assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(now);
    assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(90)));
  }

  @Test
  void refusesWithoutASecretSayingWhereOneComesFrom() {
    assertThatThrownBy(() -> TokenIssuer.withSecret(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no JWT secret")
        .hasMessageContaining("TRAINYARD_JWT_SECRET");
    assertThatThrownBy(() -> TokenIssuer.withSecret(null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesASecretTooShortForHs256() {
    assertThatThrownBy(() -> TokenIssuer.withSecret("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 bytes")
        .hasMessageContaining("at least 32");
  }

  @Test
  void refusesANamelessUserNoRolesOrANonPositiveTtl() {
    TokenIssuer issuer = TokenIssuer.withSecret(SECRET);

    assertThatThrownBy(() -> issuer.issue("", List.of("viewer"), Duration.ofHours(1))).hasMessageStartingWith("user:");
    assertThatThrownBy(() -> issuer.issue("bob", List.of(), Duration.ofHours(1))).hasMessageStartingWith("roles:");
    assertThatThrownBy(() -> issuer.issue("bob", List.of("viewer"), Duration.ZERO)).hasMessageStartingWith("ttl:");
  }
}
