package io.trainyard.api.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.security.Roles;

/** The audit trail, for admins. */
@Controller("/v1/audit")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {
  private final AuditSearch search;

  public AuditController(AuditSearch search) {
    this.search = search;
  }

  /**
   * Search the audit trail, newest first. Parameters are taken as text so that a malformed one is a
   * 422 naming it, like every other invalid input.
   */
  @Get
  @ProblemAnswers.Invalid
  @Secured(Roles.ADMIN)
  public AuditPage audit(
      @QueryValue @Nullable String actor,
      @QueryValue @Nullable String action,
      @QueryValue @Nullable String target,
      @QueryValue @Nullable String after,
      @QueryValue @Nullable String before,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    return search.page(new AuditQuery(actor, action, target, after, before, limit, cursor));
  }
}
