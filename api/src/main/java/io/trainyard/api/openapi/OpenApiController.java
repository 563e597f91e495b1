package io.trainyard.api.openapi;

import io.micronaut.core.io.ResourceLoader;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.trainyard.api.problem.NotFoundException;
import java.util.regex.Pattern;

/**
 * The API's description, public: {@code /openapi.yml} (the generated document, with the parts
 * other modules contribute, {@link OpenApiDocument}) and Swagger UI at {@code /swagger-ui/}, both
 * bundled at compile time so that nothing is fetched from the internet.
 */
@Hidden
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiController {
  static final String SWAGGER_UI = "META-INF/swagger/views/swagger-ui/";
  /** File names of the bundled page and its assets: no separators, so no way out of the folder. */
  private static final Pattern ASSET = Pattern.compile("(res/)?[A-Za-z0-9][A-Za-z0-9._-]*");

  private final OpenApiDocument document;
  private final ResourceLoader classpath;

  public OpenApiController(OpenApiDocument document, ClassPathResourceLoader classpath) {
    this.document = document;
    this.classpath = classpath;
  }

  /** The OpenAPI 3 document. */
  @Get(uri = "/openapi.yml", produces = "application/yaml")
  @ExecuteOn(TaskExecutors.BLOCKING)
  public String openApi() {
    return document.yaml();
  }

  /** Swagger UI, reading {@code /openapi.yml} (also at {@code /swagger-ui/}). */
  @Get(uri = "/swagger-ui", produces = MediaType.TEXT_HTML)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public StreamedFile swaggerUi() {
    return swaggerUiAsset(null);
  }

  /** Swagger UI's scripts, styles and icons. */
  @Get("/swagger-ui/{+asset}")
  @ExecuteOn(TaskExecutors.BLOCKING)
  public StreamedFile swaggerUiAsset(@PathVariable @Nullable String asset) {
    String file = asset == null || asset.isEmpty() ? "index.html" : asset;
    if (!ASSET.matcher(file).matches()) {
      throw new NotFoundException("no Swagger UI file " + file);
    }
    return classpath.getResource(SWAGGER_UI + file)
        .map(StreamedFile::new)
        .orElseThrow(() -> new NotFoundException("no Swagger UI file " + file));
  }
}
