package io.trainyard.serving;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.util.Optional;

/**
 * Where the local serving target listens ({@code trainyard.serving.url}) and the service token
 * replayed traffic presents to it ({@code trainyard.serving.token}, env {@code TRAINYARD_SERVING_TOKEN};
 * the embedded stacks mint one at start): the predict endpoint refuses requests without a token.
 */
@ConfigurationProperties(ServingConfiguration.PREFIX)
public record ServingConfiguration(
    @Bindable(defaultValue = ServingConfiguration.DEFAULT_URL) String url, @Nullable String token) {

  public static final String PREFIX = "trainyard.serving";
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  public ServingConfiguration {
    URI parsed = url == null ? null : URI.create(url);
    if (parsed == null || parsed.getScheme() == null || parsed.getHost() == null) {
      throw new IllegalArgumentException(PREFIX + ".url: expected an http(s) URL such as " + DEFAULT_URL + ", found " + url);
    }
    token = token == null || token.isBlank() ? null : token.strip();
  }

  /** The prediction endpoint of {@code model}. */
  public URI predictUri(String model) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return URI.create(base + "/v1/models/" + model + "/predict");
  }

  /** The {@code Authorization} header value of replayed requests, when a token is configured. */
  public Optional<String> authorization() {
    return Optional.ofNullable(token).map(t -> "Bearer " + t);
  }
}
