package io.trainyard.serving;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail of serving, sent as {@value #MEDIA_TYPE}, in the API's vocabulary
 * (docs/api.md: the same {@code type}, {@code title} and {@code errors[]} for the same kind of
 * answer), so a client reads predict's errors as it reads every other endpoint's.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail, @Nullable List<FieldProblem> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** Where the API's problem types live: {@code https://trainyard.io/problems/<name>}. */
  static final String TYPES = "https://trainyard.io/problems/";

  /** A response with this problem, its status and the problem media type. */
  static MutableHttpResponse<Problem> response(
      String type, String title, HttpStatus status, String detail, List<FieldProblem> errors) {
    return HttpResponse.<Problem>status(status)
        .body(new Problem(TYPES + type, title, status.getCode(), detail, errors.isEmpty() ? null : errors))
        .contentType(MEDIA_TYPE);
  }
}
