package io.trainyard.ui.codec;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.HttpServerConfiguration.CorsConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Micronaut's CORS, on for the Web UI origins of {@link CodecSettings} only: their preflights are
 * answered (POST, the headers the UI sends, credentials allowed, cached ten minutes); any other
 * origin gets no CORS headers, so its browser refuses the answer. Nothing configured, CORS stays as
 * the application configured it (off by default).
 */
@Singleton
public class CodecCors implements BeanCreatedEventListener<CorsConfiguration> {
  /** The name of the configuration among {@code micronaut.server.cors.configurations}. */
  public static final String NAME = "trainyard-codec";
  /** The headers the Temporal Web UI sends to a codec server. */
  public static final List<String> HEADERS =
      List.of(HttpHeaders.CONTENT_TYPE, CodecController.NAMESPACE_HEADER, HttpHeaders.AUTHORIZATION, "Authorization-Extras");
  private static final long PREFLIGHT_CACHE_SECONDS = 600;

  private final CodecSettings settings;

  public CodecCors(CodecSettings settings) {
    this.settings = settings;
  }

  @Override
  public CorsConfiguration onCreated(BeanCreatedEvent<CorsConfiguration> event) {
    CorsConfiguration cors = event.getBean();
    if (settings.uiOrigins().isEmpty()) {
      return cors;
    }
    CorsOriginConfiguration codec = new CorsOriginConfiguration();
    codec.setAllowedOrigins(settings.uiOrigins());
    codec.setAllowedMethods(List.of(HttpMethod.POST));
    codec.setAllowedHeaders(HEADERS);
    codec.setAllowCredentials(true);
    codec.setMaxAge(PREFLIGHT_CACHE_SECONDS);
    Map<String, CorsOriginConfiguration> configurations = new LinkedHashMap<>(cors.getConfigurations());
    configurations.put(NAME, codec);
    cors.setConfigurations(configurations);
    cors.setEnabled(true);
    return cors;
  }
}
