package io.trainyard.api.problem;

/**
 * The catalogue of error classes: each has a stable {@code type} URI that clients may switch on,
 * a title and an HTTP status. Never rename a slug; add new ones.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
  UNAUTHORIZED("unauthorized", "Missing or invalid token", 401),
  FORBIDDEN("forbidden", "Not allowed", 403),
  NOT_FOUND("not-found", "Not found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
  WRONG_STATE("wrong-state", "Not possible in the current state", 409),
  CONFLICT("conflict", "Conflict", 409),
  BUDGET_EXCEEDED("budget-exceeded", "Budget exceeded", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  INVALID_INPUT("invalid-input", "Invalid input", 422),
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused with a different request", 422),
  TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
  UNAVAILABLE("unavailable", "A service Trainyard needs is unavailable", 503),
  INTERNAL("internal", "Internal error", 500);

  /** Where the type URIs live; docs/api.md describes each. */
  public static final String BASE = "https://trainyard.io/problems/";

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public String uri() {
    return BASE + slug;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  /** The type an HTTP status maps to when nothing more specific is known. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status && type != WRONG_STATE && type != BUDGET_EXCEEDED && type != IDEMPOTENCY_KEY_REUSED) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
  }
}
