package io.trainyard.serving;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps {@link UnknownModelException} to a 404 {@code not-found} problem. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class UnknownModelHandler implements ExceptionHandler<UnknownModelException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, UnknownModelException exception) {
    return Problem.response("not-found", "Not found", HttpStatus.NOT_FOUND, exception.getMessage(), List.of());
  }
}
