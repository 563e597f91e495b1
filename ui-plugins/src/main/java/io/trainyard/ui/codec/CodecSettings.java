package io.trainyard.ui.codec;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.util.List;

/**
 * The codec server's settings ({@code trainyard.codec.*}): the Web UI origins whose browsers may
 * call it ({@code ui-origins}, env {@code TRAINYARD_CODEC_UI_ORIGINS}, comma-separated, such as
 * {@code https://temporal.example.com}; none: no browser may), the largest request body it reads
 * ({@code max-body-bytes}), and how many calls a user may make a minute ({@code calls-per-minute}).
 */
@ConfigurationProperties(CodecSettings.PREFIX)
public record CodecSettings(
    @Bindable(defaultValue = "") List<String> uiOrigins,
    @Bindable(defaultValue = "" + CodecSettings.DEFAULT_MAX_BODY_BYTES) int maxBodyBytes,
    @Bindable(defaultValue = "" + CodecSettings.DEFAULT_CALLS_PER_MINUTE) int callsPerMinute) {

  public static final String PREFIX = "trainyard.codec";
  /** 4 MiB: a page of history's payloads, each under Temporal's 2 MB blob limit. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
  /** The Web UI decodes a page of history in a few calls; a person paging fast stays far below. */
  public static final int DEFAULT_CALLS_PER_MINUTE = 600;

  public CodecSettings {
    uiOrigins = uiOrigins == null ? List.of() : uiOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    for (String origin : uiOrigins) {
      checkOrigin(origin);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException(PREFIX + ".max-body-bytes " + maxBodyBytes + ": expected 1 or more");
    }
    if (callsPerMinute < 1) {
      throw new IllegalArgumentException(PREFIX + ".calls-per-minute " + callsPerMinute + ": expected 1 or more");
    }
  }

  /** An origin is scheme://host[:port], no path: what a browser sends in {@code Origin}. */
  private static void checkOrigin(String origin) {
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + ".ui-origins '" + origin + "': not a URI");
    }
    boolean bare = uri.getScheme() != null && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
        && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
    if (!bare || !List.of("http", "https").contains(uri.getScheme())) {
      throw new IllegalArgumentException(PREFIX + ".ui-origins '" + origin
          + "': expected an origin, http(s)://host[:port] with no path, such as https://temporal.example.com");
    }
  }
}
