package io.trainyard.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An error as RFC 9457 {@code application/problem+json}: a stable {@code type} URI per error class
 * ({@link ProblemType}), a short {@code title}, the HTTP {@code status}, a human {@code detail},
 * the request id, and for invalid input every offending field.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable String requestId,
    // absent when empty (NON_EMPTY): optional in the document
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<FieldProblem> errors) {

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A problem of {@code type} with a detail and, for invalid input, the fields at fault. */
  public static Problem of(ProblemType type, String detail, List<FieldProblem> errors) {
    return new Problem(type.uri(), type.title(), type.status(), detail, null, null, errors);
  }

  /** This problem about one request: its path and id. */
  public Problem about(@Nullable String path, @Nullable String requestId) {
    return new Problem(type, title, status, detail, path, requestId, errors);
  }
}
