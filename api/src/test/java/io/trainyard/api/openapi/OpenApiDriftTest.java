package io.trainyard.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.annotations.Hidden;
import io.trainyard.api.ApiTestStack;
import io.trainyard.registry.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document served at {@code /openapi.yml} describes exactly the routes the server
 * answers (management endpoints and the hidden documentation routes aside), and every operation
 * but the public ones requires the bearer token. A controller added without regenerating, or a
 * route the document misses, fails here.
 */
class OpenApiDriftTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** Where the pinned linter lives (package.json, package-lock.json, redocly.yaml); the build runs npm ci there. */
  private static final Path LINT = Path.of("openapi-lint");

  private static ApiTestStack stack;
  private static String served;
  private static Map<String, Object> document;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    // public: no token
    served = stack.http().retrieve(HttpRequest.GET("/openapi.yml"), String.class);
    document = new Yaml().load(served);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void theDocumentHasAnOperationForEveryRouteAndNoOther() {
    Set<String> routed = new TreeSet<>(routes().keySet());
    Set<String> documented = new TreeSet<>(operations().keySet());

    assertThat(routed).as("routes of the application").isNotEmpty().contains("POST /v1/models/{name}/predict", "GET /v1/test-guarded/audit");
    assertThat(documented).as("operations in /openapi.yml").isEqualTo(routed);
  }

  @Test
  void everyOperationButThePublicOnesRequiresTheBearerToken() {
    Map<String, Boolean> publicRoutes = routes();
    List<String> failures = new ArrayList<>();
    operations().forEach((operation, security) -> {
      boolean bearer = security.stream().anyMatch(requirement -> requirement.containsKey(ApiDocument.BEARER));
      boolean isPublic = publicRoutes.getOrDefault(operation, false);
      if (bearer == isPublic) {
        failures.add(operation + (isPublic ? " is public but requires the bearer token" : " does not require the bearer token"));
      }
    });
    assertThat(failures).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBearerSchemeIsDeclared() {
    Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("securitySchemes");
    assertThat((Map<String, Object>) schemes.get(ApiDocument.BEARER))
        .containsEntry("type", "http")
        .containsEntry("scheme", "bearer")
        .containsEntry("bearerFormat", "JWT");
    assertThat((Map<String, Object>) document.get("info")).containsEntry("title", "Trainyard");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyGuardedOperationDocumentsItsProblemAnswers() {
    List<String> failures = new ArrayList<>();
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
    paths.forEach((path, item) -> item.forEach((method, value) -> {
      Map<String, Object> operation = (Map<String, Object>) value;
      if (!HTTP_METHODS.contains(method) || !path.startsWith("/v1/") || path.endsWith("/predict")) {
        return;
      }
      Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
      for (String status : List.of("401", "403", "503")) {
        Map<String, Object> content = responses.containsKey(status) ? (Map<String, Object>) responses.get(status).get("content") : null;
        if (content == null || !content.containsKey("application/problem+json")) {
          failures.add(method.toUpperCase() + " " + path + ": no problem+json " + status);
        }
      }
      if (path.contains("{") && !responses.containsKey("404")) {
        failures.add(method.toUpperCase() + " " + path + ": names something by its path but documents no 404");
      }
    }));
    assertThat(failures).isEmpty();
  }

  /** The served document, written to target/, passes {@code redocly lint} (pinned, recommended rules) without an error. */
  @Test
  void theServedDocumentPassesTheLinter() throws Exception {
    Path file = Path.of("target", "openapi", "served.yml").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, served);
    Process lint = new ProcessBuilder("npx", "--no-install", "redocly", "lint", file.toString(),
        "--config", "redocly.yaml", "--format", "stylish")
        .directory(LINT.toFile())
        .redirectErrorStream(true)
        .start();
    lint.getOutputStream().close();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(2, TimeUnit.MINUTES)).as("redocly lint finished").isTrue();
    assertThat(lint.exitValue()).as(output).isZero();
    assertThat(output).doesNotContainPattern("\\d+:\\d+\\s+error\\s");
  }

  /** "METHOD /path" of every documented operation, with its security requirements. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, Object>>> operations() {
    Map<String, List<Map<String, Object>>> operations = new TreeMap<>();
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.getOrDefault("paths", Map.of());
    paths.forEach((path, item) -> item.forEach((method, operation) -> {
      if (HTTP_METHODS.contains(method)) {
        List<Map<String, Object>> security = (List<Map<String, Object>>) ((Map<String, Object>) operation).getOrDefault("security", List.of());
        operations.put(method.toUpperCase() + " " + path, security);
      }
    }));
    return operations;
  }

  /**
   * "METHOD /path" of every route the router knows but management, hidden (documentation) and
   * implicit HEAD ones, and whether it is public.
   */
  private static Map<String, Boolean> routes() {
    Router router = stack.bean(Router.class);
    return router.uriRoutes()
        .filter(route -> !management(route) && !hidden(route) && !implicitHead(route, router))
        .collect(Collectors.toMap(
            route -> route.getHttpMethod().name() + " " + path(route.getUriMatchTemplate().toString()),
            route -> Set.of(route.getAnnotationMetadata().stringValues(Secured.class)).contains(SecurityRule.IS_ANONYMOUS),
            (a, b) -> a && b,
            TreeMap::new));
  }

  private static boolean management(UriRouteInfo<?, ?> route) {
    return route.getAnnotationMetadata().hasStereotype("io.micronaut.management.endpoint.annotation.Endpoint");
  }

  private static boolean hidden(UriRouteInfo<?, ?> route) {
    return route.getTargetMethod().getDeclaringType().isAnnotationPresent(Hidden.class);
  }

  /** The HEAD route Micronaut adds for every GET (OpenAPI documents the GET). */
  private static boolean implicitHead(UriRouteInfo<?, ?> route, Router router) {
    return route.getHttpMethod() == HttpMethod.HEAD && router.uriRoutes().anyMatch(other ->
        other.getHttpMethod() == HttpMethod.GET && other.getUriMatchTemplate().equals(route.getUriMatchTemplate()));
  }

  /** A router template as OpenAPI writes the path: no query part, no {+x} or {x:regex} forms. */
  static String path(String template) {
    return template
        .replaceAll("\\{[?&][^}]*}", "")
        .replaceAll("\\{[+#./;]?([A-Za-z0-9_]+)(:[^}]*)?}", "{$1}");
  }
}
