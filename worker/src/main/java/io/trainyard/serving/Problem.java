package io.trainyard.serving;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem detail, sent as {@value #MEDIA_TYPE}. */
@Serdeable
public record Problem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A response with this problem, its status and the problem media type. */
  static MutableHttpResponse<Problem> response(String type, HttpStatus status, String detail) {
    return HttpResponse.<Problem>status(status)
        .body(new Problem(type, status.getReason(), status.getCode(), detail))
        .contentType(MEDIA_TYPE);
  }
}
