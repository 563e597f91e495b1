package io.trainyard.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.registry.TestDatabases;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production path: tokens from an OIDC issuer, verified against its JWKS (served here by a local
 * HTTP server with a fresh RSA key), roles from the {@code roles} claim. A token signed by a key the
 * issuer does not publish is refused.
 */
class OidcJwksTest {

  @Test
  void aTokenSignedByTheIssuersPublishedKeyIsAcceptedAndAnotherKeyIsNot() throws Exception {
    RSAKey issuer = new RSAKeyGenerator(2048).keyID("issuer-1").generate();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("issuer-1").generate();
    HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] published = new JWKSet(issuer.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext("/jwks", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, published.length);
      exchange.getResponseBody().write(published);
      exchange.close();
    });
    jwks.start();
    Map<String, String> props = new HashMap<>(TestDatabases.h2());
    props.put("micronaut.security.token.jwt.signatures.jwks.issuer.url",
        "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
    try (ApiTestStack stack = ApiTestStack.start(props)) {
      String good = sign(issuer, "vera", List.of(Roles.VIEWER));
      assertThat(stack.http().exchange(HttpRequest.GET("/v1/pipelines").bearerAuth(good), String.class).code()).isEqualTo(200);

      HttpClientResponseException forged = catchThrowableOfType(HttpClientResponseException.class, () -> stack.http()
          .exchange(HttpRequest.GET("/v1/pipelines").bearerAuth(sign(stranger, "vera", List.of(Roles.VIEWER))), String.class));
      assertThat(forged.getStatus().getCode()).isEqualTo(401);

      HttpClientResponseException noRole = catchThrowableOfType(HttpClientResponseException.class, () -> stack.http()
          .exchange(HttpRequest.GET("/v1/audit").bearerAuth(good), String.class));
      assertThat(noRole.getStatus().getCode()).as("roles come from the issuer's token").isEqualTo(403);
    } finally {
      jwks.stop(0);
    }
  }

  private static String sign(RSAKey key, String user, List<String> roles) throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder()
            .subject(user)
            .claim("roles", roles)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
