package io.trainyard.serving;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;

/** Where the local serving target listens ({@code trainyard.serving.url}), for replayed traffic. */
@ConfigurationProperties(ServingConfiguration.PREFIX)
public record ServingConfiguration(@Bindable(defaultValue = ServingConfiguration.DEFAULT_URL) String url) {

  public static final String PREFIX = "trainyard.serving";
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  public ServingConfiguration {
    URI parsed = url == null ? null : URI.create(url);
    if (parsed == null || parsed.getScheme() == null || parsed.getHost() == null) {
      throw new IllegalArgumentException(PREFIX + ".url: expected an http(s) URL such as " + DEFAULT_URL + ", found " + url);
    }
  }

  /** The prediction endpoint of {@code model}. */
  public URI predictUri(String model) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return URI.create(base + "/v1/models/" + model + "/predict");
  }
}
