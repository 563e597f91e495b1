package io.trainyard.api.problem;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.trainyard.api.security.RequestIds;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error the framework itself answers (unreadable JSON, unknown route, wrong method or media
 * type, a missing or insufficient token) as {@code application/problem+json} too, with the
 * {@link ProblemType} its status maps to.
 */
@Singleton
public class ProblemErrorResponses implements ErrorResponseProcessor<Problem> {

  @Override
  @NonNull
  public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context, @NonNull MutableHttpResponse<?> base) {
    int status = base.code();
    ProblemType type = ProblemType.forStatus(status);
    List<FieldProblem> errors = context.getErrors().stream()
        .filter(e -> e.getPath().isPresent())
        .map(e -> new FieldProblem(e.getPath().get(), e.getMessage()))
        .toList();
    String detail = context.getErrors().isEmpty()
        ? type.title()
        : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    Problem problem = Problem.of(type, detail, errors)
        .about(context.getRequest().getPath(), RequestIds.of(context.getRequest()));
    return base.contentType(ProblemResponses.PROBLEM_JSON).body(problem);
  }
}
