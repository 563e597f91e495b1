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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the framework itself answers (unreadable JSON, unknown route, wrong method or media
 * type, a missing or insufficient token, an exception nobody handled) as
 * {@code application/problem+json} too, with the {@link ProblemType} its status maps to. A 5xx
 * never carries the exception's message: that goes to the log under the request id.
 */
@Singleton
public class ProblemErrorResponses implements ErrorResponseProcessor<Problem> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponses.class);

  @Override
  @NonNull
  public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context, @NonNull MutableHttpResponse<?> base) {
    int status = base.code();
    ProblemType type = ProblemType.forStatus(status);
    String requestId = RequestIds.of(context.getRequest());
    String detail;
    List<FieldProblem> errors;
    if (status >= 500) {
      // an exception nobody handled: its message stays in the server's log, never in the answer
      // (the framework logged its stack trace just before, without the request id)
      context.getRootCause().ifPresent(cause -> LOG.error("request {} failed: {}", requestId, cause.toString()));
      detail = "an internal error; the server's log has it under request id " + requestId;
      errors = List.of();
    } else {
      detail = context.getErrors().isEmpty()
          ? type.title()
          : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
      errors = context.getErrors().stream()
          .filter(e -> e.getPath().isPresent())
          .map(e -> new FieldProblem(e.getPath().get(), e.getMessage()))
          .toList();
    }
    Problem problem = Problem.of(type, detail, errors).about(context.getRequest().getPath(), requestId);
    return base.contentType(ProblemResponses.PROBLEM_JSON).body(problem);
  }
}
