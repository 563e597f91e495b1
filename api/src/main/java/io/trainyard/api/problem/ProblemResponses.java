package io.trainyard.api.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.trainyard.api.security.RequestIds;
import java.util.List;

/** Turns a {@link Problem} into the HTTP response every error of the API is. */
public final class ProblemResponses {
  public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

  private ProblemResponses() {}

  /** The response for {@code type} with a detail and the fields at fault. */
  public static MutableHttpResponse<Problem> of(HttpRequest<?> request, ProblemType type, String detail, List<FieldProblem> errors) {
    return of(request, Problem.of(type, detail, errors));
  }

  /** The response for a problem, about this request. */
  public static MutableHttpResponse<Problem> of(HttpRequest<?> request, Problem problem) {
    Problem about = problem.about(request == null ? null : request.getPath(), request == null ? null : RequestIds.of(request));
    return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
        .contentType(PROBLEM_JSON)
        .body(about);
  }
}
