package io.trainyard.cli.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The query string of a request: the parameters that were given, in order, URL-encoded. */
final class Query {
  private final Map<String, String> parameters = new LinkedHashMap<>();

  /** Add a parameter unless its value is null. */
  Query add(String name, Object value) {
    if (value != null) {
      parameters.put(name, value.toString());
    }
    return this;
  }

  /** A copy with {@code name} set to {@code value}. */
  Query with(String name, String value) {
    Query copy = new Query();
    copy.parameters.putAll(parameters);
    return copy.add(name, value);
  }

  @Override
  public String toString() {
    return parameters.isEmpty()
        ? ""
        : parameters.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&", "?", ""));
  }

  /** One path segment, encoded (a name or id never changes the path's shape). */
  static String segment(String value) {
    return encode(value).replace("+", "%20");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
