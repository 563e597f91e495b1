package io.trainyard.serving;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps {@link InvalidFeaturesException} (a missing or non-numeric feature) to a 422 {@code invalid-input} problem. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class BadPredictionRequestHandler implements ExceptionHandler<InvalidFeaturesException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, InvalidFeaturesException exception) {
    return Problem.response("invalid-input", "Invalid input", HttpStatus.UNPROCESSABLE_ENTITY, exception.getMessage(),
        List.of(new FieldProblem(exception.field(), exception.reason())));
  }
}
