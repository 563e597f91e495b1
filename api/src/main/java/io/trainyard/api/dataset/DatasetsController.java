package io.trainyard.api.dataset;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;
import java.net.URI;

/** {@code /v1/datasets}: push dataset versions (a URI and the digest of its data) and read them. */
@Controller("/v1/datasets")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class DatasetsController {
  private final DatasetCatalog catalog;

  public DatasetsController(DatasetCatalog catalog) {
    this.catalog = catalog;
  }

  /** Push a version of a dataset: its next version, or the version it already has with that digest. */
  @Post("/{name}/versions")
  @ProblemAnswers.Invalid
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<DatasetVersion> pushDatasetVersion(
      HttpRequest<?> request, Authentication authentication, String name, @Nullable @Body DatasetPush body) {
    DatasetCatalog.Pushed pushed = catalog.push(request, Caller.of(authentication), name, body);
    DatasetVersion version = pushed.version();
    return pushed.created()
        ? HttpResponse.created(version, URI.create("/v1/datasets/" + version.name() + "/versions/" + version.version()))
        : HttpResponse.ok(version);
  }

  /** List the datasets with their latest version. */
  @Get
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public DatasetList listDatasets() {
    return catalog.list();
  }

  /** List a dataset's versions, newest first, a page at a time. */
  @Get("/{name}/versions")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public DatasetVersionPage listDatasetVersions(String name, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
    return catalog.versions(name, limit, cursor);
  }

  /** Read one version of a dataset. */
  @Get("/{name}/versions/{version}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public DatasetVersion datasetVersion(String name, int version) {
    return catalog.version(name, version);
  }
}
