package io.trainyard.api.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** A refusal by the thing's own policy answers {@code 403 forbidden}, like a missing role does. */
@Produces
@Singleton
class ForbiddenHandler implements ExceptionHandler<ForbiddenException, HttpResponse<Problem>> {
  @Override
  public HttpResponse<Problem> handle(HttpRequest request, ForbiddenException e) {
    return ProblemResponses.of(request, ProblemType.FORBIDDEN, e.getMessage(), List.of());
  }
}
