package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard token create}, run as its own process. */
class TokenCommandTest {
  private static final String SECRET = "token-command-test-secret-with-more-than-32-bytes";
  private static final Map<String, String> NO_SECRET = Map.of("TRAINYARD_JWT_SECRET", "");

  @TempDir Path home;

  @Test
  void printsATokenSignedWithTheEnvironmentsSecret() throws Exception {
    CliProcess create = CliProcess.start(home, Map.of("TRAINYARD_JWT_SECRET", SECRET),
        "token", "create", "--user", "alice", "--role", "operator", "--role", "viewer", "--ttl", "2h");

    assertThat(create.waitFor(Duration.ofMinutes(1))).as(create.stderr()).isZero();
    JWTClaimsSet claims = verified(create.stdout().strip(), SECRET);
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringListClaim("roles")).containsExactly("operator", "viewer");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(Duration.ofHours(2).toMillis());
  }

  @Test
  void signsWithTheHomesSecretFile() throws Exception {
    String secret = JwtSecret.ensure(home, Map.of());
    CliProcess create = CliProcess.start(home, NO_SECRET, "token", "create", "--user", "bob", "--role", "admin");

    assertThat(create.waitFor(Duration.ofMinutes(1))).as(create.stderr()).isZero();
    JWTClaimsSet claims = verified(create.stdout().strip(), secret);
    assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(Duration.ofHours(8).toMillis());
  }

  @Test
  void withoutASecretItSaysWhereToGetOneAndExits3() throws Exception {
    CliProcess create = CliProcess.start(home, NO_SECRET, "token", "create", "--user", "carol", "--role", "viewer");

    assertThat(create.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.ENVIRONMENT);
    assertThat(create.stdout()).isEmpty();
    assertThat(create.stderr()).contains("no JWT secret").contains("TRAINYARD_JWT_SECRET").contains("trainyard dev");
  }

  @Test
  void anUnknownRoleOrABadTtlIsInvalidInput() throws Exception {
    CliProcess role = CliProcess.start(home, Map.of("TRAINYARD_JWT_SECRET", SECRET),
        "token", "create", "--user", "dave", "--role", "opertor");
    CliProcess ttl = CliProcess.start(home, Map.of("TRAINYARD_JWT_SECRET", SECRET),
        "token", "create", "--user", "dave", "--role", "viewer", "--ttl", "forever");

    assertThat(role.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.INVALID_INPUT);
    assertThat(role.stderr()).contains("--role: unknown role 'opertor'").contains("viewer, operator, approver, admin");
    assertThat(ttl.waitFor(Duration.ofMinutes(1))).isEqualTo(Trainyard.INVALID_INPUT);
    assertThat(ttl.stderr()).contains("--ttl").contains("forever");
  }

  static JWTClaimsSet verified(String token, String secret) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))).as("signature").isTrue();
    return jwt.getJWTClaimsSet();
  }
}
