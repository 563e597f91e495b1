package io.trainyard.api.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.uri.UriMatchVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The /v1 routes the application's router knows, each with the roles its {@code @Secured} names. */
record V1Routes(List<Route> routes) {

  /** One route: method, template, the path to call it with, and its {@code @Secured} values (empty: none). */
  record Route(HttpMethod method, String template, String path, Set<String> secured) {
    boolean unguarded() {
      return secured.isEmpty();
    }

    boolean anyAuthenticated() {
      return secured.contains(SecurityRule.IS_AUTHENTICATED);
    }

    boolean anonymous() {
      return secured.contains(SecurityRule.IS_ANONYMOUS);
    }

    boolean hasBody() {
      return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    /** A known role the route does not list (admin passes everything), or one nobody has. */
    String roleItLacks() {
      return Roles.ALL.stream()
          .filter(r -> !r.equals(Roles.ADMIN) && !secured.contains(r))
          .findFirst()
          .orElse("no-such-role");
    }

    @Override
    public String toString() {
      return method + " " + template + " " + secured;
    }
  }

  static V1Routes of(Router router) {
    List<Route> routes = router.uriRoutes()
        .filter(r -> r.getUriMatchTemplate().toString().startsWith("/v1/"))
        .map(V1Routes::route)
        .sorted(Comparator.comparing(Route::template).thenComparing(r -> r.method().name()))
        .toList();
    return new V1Routes(routes);
  }

  private static Route route(UriRouteInfo<?, ?> info) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (UriMatchVariable variable : info.getUriMatchTemplate().getVariables()) {
      if (!variable.isQuery()) {
        values.put(variable.getName(), "x1");
      }
    }
    String path = info.getUriMatchTemplate().expand(values);
    Set<String> secured = Set.of(info.getAnnotationMetadata().stringValues(Secured.class));
    return new Route(info.getHttpMethod(), info.getUriMatchTemplate().toString(), path, secured);
  }
}
