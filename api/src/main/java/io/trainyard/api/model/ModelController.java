package io.trainyard.api.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;

/** The model registry over HTTP: models, versions, aliases and their history; custom aliases; rollback. */
@Controller("/v1/models")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelController {
  private final ModelCatalog catalog;
  private final AliasMoves aliasMoves;
  private final Rollbacks rollbacks;

  public ModelController(ModelCatalog catalog, AliasMoves aliasMoves, Rollbacks rollbacks) {
    this.catalog = catalog;
    this.aliasMoves = aliasMoves;
    this.rollbacks = rollbacks;
  }

  /** List models with their latest version and aliases. */
  @Get
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ModelList models() {
    return catalog.list();
  }

  /** Read a model with its aliases and versions. */
  @Get("/{name}")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ModelDetail model(String name) {
    return catalog.model(name);
  }

  /** Read one version of a model with its lineage. */
  @Get("/{name}/versions/{version}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ModelVersion version(String name, int version) {
    return catalog.version(name, version);
  }

  /** List a model's aliases. */
  @Get("/{name}/aliases")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public AliasList aliases(String name) {
    return catalog.aliases(name);
  }

  /** Read how an alias of a model moved. */
  @Get("/{name}/aliases/{alias}/history")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public AliasHistory aliasHistory(String name, String alias) {
    return catalog.history(name, alias);
  }

  /** Point a custom alias at a version of the model. */
  @Put("/{name}/aliases/{alias}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public AliasView setAlias(HttpRequest<?> request, Authentication authentication, String name, String alias, @Body @Nullable AliasRequest body) {
    FreeText.bounded("reason", body == null ? null : body.reason());
    return aliasMoves.set(request, Caller.of(authentication), name, alias, body);
  }

  /** Delete a custom alias. */
  @Delete("/{name}/aliases/{alias}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Status(HttpStatus.NO_CONTENT)
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public void deleteAlias(HttpRequest<?> request, Authentication authentication, String name, String alias) {
    aliasMoves.delete(request, Caller.of(authentication), name, alias);
  }

  /** Roll the model's production alias back: the live rollout, or else to the previous version. */
  @Post("/{name}/rollback")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<RollbackAnswer> rollback(HttpRequest<?> request, Authentication authentication, String name, @Body @Nullable RollbackBody body) {
    RollbackAnswer answer = rollbacks.rollback(request, Caller.of(authentication), name, body == null ? null : FreeText.bounded("reason", body.reason()));
    return RollbackAnswer.RESTORE.equals(answer.mode()) ? HttpResponse.accepted().body(answer) : HttpResponse.ok(answer);
  }
}
