package io.trainyard.serving;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps {@link UnknownModelException} to a 404 problem. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class UnknownModelHandler implements ExceptionHandler<UnknownModelException, HttpResponse<Problem>> {

  static final String TYPE = "https://trainyard.io/problems/unknown-model";

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, UnknownModelException exception) {
    return Problem.response(TYPE, HttpStatus.NOT_FOUND, exception.getMessage());
  }
}
