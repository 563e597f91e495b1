package io.trainyard.ui.codec;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.HttpServerConfiguration.CorsConfiguration;
import io.micronaut.http.server.cors.CorsFilter;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.resource.StaticResourceResolver;
import java.util.List;
import java.util.Map;

/**
 * Micronaut's CORS filter with a configuration of its own, on the codec's routes only: the Web UI
 * origins of {@link CodecSettings} get their preflights answered (POST, the headers the UI sends,
 * credentials allowed, cached ten minutes) and their answers readable; any other origin is refused.
 * The rest of the API keeps the application's CORS configuration (none by default), so a browser
 * page of the API's own origin, such as Swagger UI, is served as before.
 */
@ServerFilter(CodecController.PATH + "/**")
public class CodecCors extends CorsFilter {
  /** The headers the Temporal Web UI sends to a codec server. */
  public static final List<String> HEADERS =
      List.of(HttpHeaders.CONTENT_TYPE, CodecController.NAMESPACE_HEADER, HttpHeaders.AUTHORIZATION, "Authorization-Extras");
  private static final long PREFLIGHT_CACHE_SECONDS = 600;

  public CodecCors(CodecSettings settings, StaticResourceResolver resources, Router router, HttpHostResolver hosts) {
    super(configuration(settings), resources, router, hosts);
  }

  private static CorsConfiguration configuration(CodecSettings settings) {
    CorsConfiguration cors = new CorsConfiguration();
    if (settings.uiOrigins().isEmpty()) {
      return cors;
    }
    CorsOriginConfiguration codec = new CorsOriginConfiguration();
    codec.setAllowedOrigins(settings.uiOrigins());
    codec.setAllowedMethods(List.of(HttpMethod.POST));
    codec.setAllowedHeaders(HEADERS);
    codec.setAllowCredentials(true);
    codec.setMaxAge(PREFLIGHT_CACHE_SECONDS);
    cors.setConfigurations(Map.of("trainyard-codec", codec));
    cors.setEnabled(true);
    return cors;
  }
}
