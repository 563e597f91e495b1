package io.trainyard.api.security;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.trainyard.api.openapi.ProblemAnswers;

/**
 * Test-only routes with each kind of guard, so the auth matrix and the OpenAPI drift test have
 * /v1 routes to check in this module whatever the feature controllers are: a viewer read, an
 * operator write, an admin-only read and a method without {@code @Secured} (denied to everyone).
 */
@Controller("/v1/test-guarded")
@ProblemAnswers.Guarded
class GuardedRoutesController {

  /** A viewer reads a thing. */
  @Get("/things/{id}")
  @ProblemAnswers.NotFound
  @Secured(Roles.VIEWER)
  String thing(@PathVariable String id) {
    return id;
  }

  /** An operator makes a thing. */
  @Post(uri = "/things", consumes = "application/json")
  @Secured(Roles.OPERATOR)
  HttpResponse<String> create(@Body String body) {
    return HttpResponse.created(body);
  }

  /** An admin reads the audit. */
  @Get("/audit")
  @Secured(Roles.ADMIN)
  String adminOnly() {
    return "audit";
  }

  /** Forgot its {@code @Secured}: micronaut-security must deny it (even with a token, as the document says). */
  @Delete("/unguarded/{id}")
  @ProblemAnswers.NotFound
  @SecurityRequirement(name = "bearer")
  String unguarded(@PathVariable String id) {
    return id;
  }
}
