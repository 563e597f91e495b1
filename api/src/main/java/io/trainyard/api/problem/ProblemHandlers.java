package io.trainyard.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.trainyard.api.cost.BudgetExceededException;
import io.trainyard.registry.UniqueViolation;
import io.trainyard.spec.DocumentTooLargeException;
import io.trainyard.spec.SpecError;
import io.trainyard.spec.SpecValidationException;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

/** One exception handler per domain error, each answering with its {@link ProblemType}. */
final class ProblemHandlers {
  /** How long a client should wait before retrying when Temporal or the database is down. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final String REGISTRY_DOWN = "the registry database is unreachable; nothing was changed";

  private ProblemHandlers() {}

  /** 503 with {@code Retry-After}: nothing was changed, the client may try again. */
  static HttpResponse<Problem> unavailable(HttpRequest<?> request, String detail, Duration retryAfter) {
    return ProblemResponses.of(request, ProblemType.UNAVAILABLE, detail, List.of())
        .header("Retry-After", Long.toString(retryAfter.toSeconds()));
  }

  @Produces
  @Singleton
  static class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, NotFoundException e) {
      return ProblemResponses.of(request, ProblemType.NOT_FOUND, e.getMessage(), List.of());
    }
  }

  @Produces
  @Singleton
  static class WrongState implements ExceptionHandler<WrongStateException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, WrongStateException e) {
      return ProblemResponses.of(request, ProblemType.WRONG_STATE, e.getMessage(), List.of());
    }
  }

  @Produces
  @Singleton
  static class BudgetExceeded implements ExceptionHandler<BudgetExceededException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, BudgetExceededException e) {
      return ProblemResponses.of(request, ProblemType.BUDGET_EXCEEDED, e.getMessage(), List.of());
    }
  }

  @Produces
  @Singleton
  static class InvalidInput implements ExceptionHandler<InvalidInputException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, InvalidInputException e) {
      return ProblemResponses.of(request, ProblemType.INVALID_INPUT, e.getMessage(), e.errors());
    }
  }

  @Produces
  @Singleton
  static class IdempotencyKeyReused implements ExceptionHandler<IdempotencyKeyReusedException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, IdempotencyKeyReusedException e) {
      return ProblemResponses.of(request, ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage(),
          List.of(new FieldProblem("Idempotency-Key", "was used with a different request body")));
    }
  }

  /** A pipeline spec that does not validate: every error with its field path and YAML line. */
  @Produces
  @Singleton
  static class InvalidSpec implements ExceptionHandler<SpecValidationException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, SpecValidationException e) {
      List<FieldProblem> errors = e.errors().stream().map(InvalidSpec::field).toList();
      return ProblemResponses.of(request, ProblemType.INVALID_INPUT,
          "the pipeline spec has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "; nothing was stored",
          errors);
    }

    private static FieldProblem field(SpecError error) {
      return new FieldProblem(error.field(), (error.line() == null ? "" : "line " + error.line() + ": ") + error.message());
    }
  }

  /** A pipeline document over the size limit: refused before it was parsed. */
  @Produces
  @Singleton
  static class DocumentTooLarge implements ExceptionHandler<DocumentTooLargeException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DocumentTooLargeException e) {
      return ProblemResponses.of(request, ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), List.of());
    }
  }

  @Produces
  @Singleton
  static class Unavailable implements ExceptionHandler<UnavailableException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, UnavailableException e) {
      return unavailable(request, e.getMessage(), e.retryAfter());
    }
  }

  /** Temporal did not answer (gRPC UNAVAILABLE or a deadline): 503, retry later. */
  @Produces
  @Singleton
  static class TemporalDown implements ExceptionHandler<StatusRuntimeException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        return unavailable(request, "Temporal is unreachable: " + e.getStatus().getDescription(), RETRY_AFTER);
      }
      return ProblemResponses.of(request, ProblemType.INTERNAL, "Temporal answered " + code, List.of());
    }
  }

  /**
   * The registry database did not answer: 503, retry later. A write that lost a race against a
   * unique constraint (a concurrent change of the same thing won): 409 conflict.
   */
  @Produces
  @Singleton
  static class DatabaseDown implements ExceptionHandler<DataAccessException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DataAccessException e) {
      if (connectionLost(e)) {
        return unavailable(request, REGISTRY_DOWN, RETRY_AFTER);
      }
      if (UniqueViolation.causedBy(e)) {
        return ProblemResponses.of(request, ProblemType.CONFLICT,
            "a concurrent change of the same thing won; nothing of this request was changed: read the current state and try again",
            List.of());
      }
      return ProblemResponses.of(request, ProblemType.INTERNAL, "the registry could not complete the request", List.of());
    }

    /** A connection that could not be made or broke: SQL state class 08, a pool timeout, a refused socket. */
    private static boolean connectionLost(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException
            || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
          return true;
        }
      }
      return false;
    }
  }

  /** A pooled connection that broke under the request (the database went away): 503, retry later. */
  @Produces
  @Singleton
  static class BrokenDatabaseConnection implements ExceptionHandler<ConnectionException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConnectionException e) {
      return unavailable(request, REGISTRY_DOWN, RETRY_AFTER);
    }
  }

  /** No connection from the pool at all (the database is down or unreachable): 503, retry later. */
  @Produces
  @Singleton
  static class NoDatabaseConnection implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, CannotGetJdbcConnectionException e) {
      return unavailable(request, REGISTRY_DOWN, RETRY_AFTER);
    }
  }
}
