package io.trainyard.api.openapi;

import io.micronaut.core.io.scan.ClassPathResourceLoader;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document of the running application. The api module's controllers are described in
 * {@code META-INF/swagger/trainyard.yml}; a module that adds routes to the same HTTP server (the
 * worker's serving endpoint) generates {@code META-INF/swagger/trainyard-part.yml}, and the
 * parts' paths and components are merged into the API's document, so that {@code /openapi.yml}
 * describes every route the server answers.
 */
@Singleton
public class OpenApiDocument {
  static final String DOCUMENT = "META-INF/swagger/trainyard.yml";
  /** Every module's part has this one name, so the class loader finds them all. */
  static final String PART = "META-INF/swagger/trainyard-part.yml";

  private final ClassPathResourceLoader classpath;
  private volatile String yaml;

  public OpenApiDocument(ClassPathResourceLoader classpath) {
    this.classpath = classpath;
  }

  /** The merged document as YAML (built on first use). */
  public String yaml() {
    String built = yaml;
    if (built == null) {
      built = dump(merged());
      yaml = built;
    }
    return built;
  }

  /** The merged document as maps and lists. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> merged() {
    URL main = classpath.getResource(DOCUMENT)
        .orElseThrow(() -> new IllegalStateException(DOCUMENT + " is missing: the api module was compiled without micronaut-openapi"));
    Map<String, Object> document = read(main);
    for (URL part : parts()) {
      Map<String, Object> other = read(part);
      section(document, "paths").putAll((Map<String, Object>) other.getOrDefault("paths", Map.of()));
      Map<String, Object> components = (Map<String, Object>) other.getOrDefault("components", Map.of());
      components.forEach((kind, entries) -> {
        Map<String, Object> into = section(section(document, "components"), kind);
        ((Map<String, Object>) entries).forEach(into::putIfAbsent);
      });
    }
    return document;
  }

  private List<URL> parts() {
    return classpath.getResources(PART).distinct().toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  private static Map<String, Object> read(URL url) {
    try (InputStream in = url.openStream()) {
      Map<String, Object> document = new Yaml(new LoaderOptions()).load(in);
      return document == null ? new LinkedHashMap<>() : document;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
  }

  private static String dump(Map<String, Object> document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(120);
    return new Yaml(options).dump(document);
  }
}
