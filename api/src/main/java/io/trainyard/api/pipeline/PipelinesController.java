package io.trainyard.api.pipeline;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;
import java.net.URI;

/** {@code /v1/pipelines}: register, validate and read pipeline versions. */
@Controller("/v1")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class PipelinesController {
  private final PipelineCatalog catalog;

  public PipelinesController(PipelineCatalog catalog) {
    this.catalog = catalog;
  }

  /** Register a pipeline document as the pipeline's next version, or find the version with its digest. */
  @Post("/pipelines")
  @ProblemAnswers.Invalid
  @ProblemAnswers.TooLarge
  @ProblemAnswers.Conflict
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<PipelineVersionBody> register(HttpRequest<?> request, Authentication authentication, @Body String source) {
    PipelineCatalog.Registered registered = catalog.register(request, Caller.of(authentication), source);
    PipelineVersionBody version = registered.version();
    return registered.created()
        ? HttpResponse.created(version, URI.create("/v1/pipelines/" + version.name() + "/versions/" + version.version()))
        : HttpResponse.ok(version);
  }

  /** Validate a pipeline document without storing it. */
  @Post("/pipelines:validate")
  @ProblemAnswers.Invalid
  @ProblemAnswers.TooLarge
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ValidationResult validate(@Body String source) {
    return catalog.validate(source);
  }

  /** List the pipelines with their latest version. */
  @Get("/pipelines")
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public PipelineList list() {
    return catalog.list();
  }

  /** Read a pipeline with its versions. */
  @Get("/pipelines/{name}")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public PipelineDetail pipeline(String name) {
    return catalog.pipeline(name);
  }

  /** Read one version of a pipeline, by number or {@code latest}. */
  @Get("/pipelines/{name}/versions/{version}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public PipelineVersionBody version(String name, String version) {
    return catalog.version(name, version);
  }
}
