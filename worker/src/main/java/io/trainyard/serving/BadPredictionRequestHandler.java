package io.trainyard.serving;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps {@link IllegalArgumentException} (a missing or non-numeric feature) to a 400 problem. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class BadPredictionRequestHandler implements ExceptionHandler<IllegalArgumentException, HttpResponse<Problem>> {

  static final String TYPE = "https://trainyard.io/problems/bad-request";

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, IllegalArgumentException exception) {
    return Problem.response(TYPE, HttpStatus.BAD_REQUEST, exception.getMessage());
  }
}
