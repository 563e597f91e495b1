package io.trainyard.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.trainyard.api.ApiTestStack;
import io.trainyard.registry.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every /v1 route the router knows, whoever wrote its controller, answers a request without a
 * token, with a forged or expired token, and with a token lacking its role, as docs/api.md says:
 * 401 or 403 as problem+json with the request id. A route without {@code @Secured} is denied.
 */
class AuthMatrixTest {
  private static ApiTestStack stack;
  private static V1Routes routes;
  private static String secret;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    routes = V1Routes.of(stack.bean(Router.class));
    secret = stack.bean(Environment.class).getRequiredProperty(TokenIssuer.SECRET_PROPERTY, String.class);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void everyV1RouteIsBehindATokenAndTheTestRoutesAreAmongThem() {
    assertThat(routes.routes()).extracting(V1Routes.Route::template)
        .contains("/v1/test-guarded/things/{id}", "/v1/test-guarded/things", "/v1/test-guarded/audit", "/v1/test-guarded/unguarded/{id}");
    assertThat(routes.routes()).filteredOn(V1Routes.Route::anonymous).as("public /v1 routes").isEmpty();
  }

  @Test
  void withoutATokenEveryRouteIs401() {
    assertEveryRoute(route -> null, 401, "unauthorized");
  }

  @Test
  void aTokenSignedWithAnotherSecretIs401() {
    TokenIssuer forger = TokenIssuer.withSecret(randomSecret());
    assertEveryRoute(route -> forger.issue("mallory", List.of(Roles.ADMIN), Duration.ofHours(1)), 401, "unauthorized");
  }

  @Test
  void anExpiredTokenIs401() {
    Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    TokenIssuer issuer = TokenIssuer.withSecret(secret, yesterday);
    assertEveryRoute(route -> issuer.issue("alice", List.of(Roles.ADMIN), Duration.ofHours(1)), 401, "unauthorized");
  }

  @Test
  void aTokenWhoseRolesAreNotAListOfKnownRolesIs401SayingWhy() throws Exception {
    Map<Object, String> refusals = new LinkedHashMap<>();
    refusals.put(Roles.ADMIN, "is not a list");
    refusals.put(List.of(Roles.VIEWER, "root"), "unknown role 'root'");
    refusals.put(List.of(), "is empty");
    for (Map.Entry<Object, String> roles : refusals.entrySet()) {
      String token = signed(roles.getKey());
      assertEveryRoute(route -> token, 401, "unauthorized");
      HttpResponse<String> answer = get("/v1/runs", token);
      assertThat(answer.body()).as("roles %s", roles.getKey()).contains(roles.getValue()).contains(String.join(", ", Roles.ALL));
    }
    assertThat(get("/v1/runs", signed(null)).body()).contains("has no 'roles' claim");
    assertThat(get("/v1/test-guarded/things/9", signed(List.of(Roles.VIEWER))).statusCode()).isEqualTo(200);
  }

  /** A token signed with the stack's secret whose roles claim is {@code roles} as is (none for null). */
  private static String signed(Object roles) throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject("mallory")
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (roles != null) {
      claims.claim("roles", roles);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  @Test
  void aTokenWithoutTheRoleTheRouteNamesIs403() {
    TokenIssuer issuer = TokenIssuer.withSecret(secret);
    List<String> failures = new ArrayList<>();
    for (V1Routes.Route route : routes.routes()) {
      if (route.anyAuthenticated()) {
        continue; // any role will do: nothing to lack
      }
      // a route without @Secured is denied even to admin
      String role = route.unguarded() ? Roles.ADMIN : route.roleItLacks();
      check(route, issuer.issue("bob", List.of(role), Duration.ofHours(1)), 403, "forbidden", failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aTokenWithTheRoleTheRouteNamesGetsPastSecurity() {
    TokenIssuer issuer = TokenIssuer.withSecret(secret);
    List<String> failures = new ArrayList<>();
    for (V1Routes.Route route : routes.routes()) {
      if (route.unguarded()) {
        continue;
      }
      List<String> granted = new ArrayList<>(route.anyAuthenticated() ? List.of(Roles.VIEWER) : List.of(route.secured().iterator().next()));
      for (List<String> roles : List.of(granted, List.of(Roles.ADMIN))) {
        HttpResponse<String> response = send(route, issuer.issue("carol", roles, Duration.ofHours(1)));
        boolean refusedBySecurity = response.statusCode() == 401
            || (response.statusCode() == 403 && response.body().contains(ProblemAuthorizationHandler.FORBIDDEN_DETAIL));
        if (refusedBySecurity) {
          failures.add(route + " with roles " + roles + ": " + response.statusCode() + " " + response.body());
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theTestRoutesAnswerTheRightRoles() {
    TokenIssuer issuer = TokenIssuer.withSecret(secret);
    HttpResponse<String> read = get("/v1/test-guarded/things/7", issuer.issue("dave", List.of(Roles.VIEWER), Duration.ofMinutes(5)));
    HttpResponse<String> audit = get("/v1/test-guarded/audit", issuer.issue("erin", List.of(Roles.ADMIN), Duration.ofMinutes(5)));
    HttpResponse<String> auditAsOperator = get("/v1/test-guarded/audit", issuer.issue("erin", List.of(Roles.OPERATOR, Roles.VIEWER), Duration.ofMinutes(5)));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("7");
    assertThat(audit.statusCode()).isEqualTo(200);
    assertThat(auditAsOperator.statusCode()).isEqualTo(403);
    assertThat(auditAsOperator.body()).contains("erin").contains("[operator, viewer]");
  }

  @Test
  void theStacksOwnTokensAreAccepted() {
    assertThat(get("/v1/test-guarded/things/8", stack.token("frank", Roles.VIEWER)).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownPathIsNotFoundWithOrWithoutAToken() {
    HttpResponse<String> anonymous = get("/v1/no-such-thing", null);
    HttpResponse<String> viewer = get("/v1/no-such-thing", stack.token("gina", Roles.VIEWER));

    assertThat(anonymous.statusCode()).isEqualTo(404);
    assertThat(viewer.statusCode()).isEqualTo(404);
    assertThat(viewer.body()).contains("https://trainyard.io/problems/not-found");
  }

  @Test
  void probesAndTheApiDescriptionArePublic() {
    for (String path : List.of("/health", "/health/liveness", "/openapi.yml", "/swagger-ui", "/swagger-ui/", "/swagger-ui/res/swagger-ui-bundle.js")) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(get("/swagger-ui/res/..%2F..%2F..%2Fapplication.yml", null).statusCode()).isNotEqualTo(200);
  }

  private static void assertEveryRoute(Function<V1Routes.Route, String> token, int status, String type) {
    List<String> failures = new ArrayList<>();
    for (V1Routes.Route route : routes.routes()) {
      check(route, token.apply(route), status, type, failures);
    }
    assertThat(failures).isEmpty();
  }

  private static void check(V1Routes.Route route, String token, int status, String type, List<String> failures) {
    HttpResponse<String> response = send(route, token);
    String problem = response.headers().firstValue("Content-Type").orElse("");
    String requestId = response.headers().firstValue("X-Request-Id").orElse("");
    // a HEAD answer has the headers of the GET's, without the body
    boolean body = route.method() != HttpMethod.HEAD;
    if (response.statusCode() != status
        || !problem.startsWith("application/problem+json")
        || requestId.isBlank()
        || body && !response.body().contains("\"type\":\"https://trainyard.io/problems/" + type + "\"")
        || body && !response.body().contains("\"requestId\":\"" + requestId + "\"")) {
      failures.add(route + ": " + response.statusCode() + " " + problem + " X-Request-Id=" + requestId + " " + response.body());
    }
    if (status == 401 && !response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
      failures.add(route + ": 401 without WWW-Authenticate: Bearer");
    }
  }

  private static HttpResponse<String> send(V1Routes.Route route, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + route.path()))
        .timeout(Duration.ofSeconds(30))
        .method(route.method().name(), route.hasBody() ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    if (route.hasBody()) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return exchange(request.build());
  }

  private static HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return exchange(request.build());
  }

  private static HttpResponse<String> exchange(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
