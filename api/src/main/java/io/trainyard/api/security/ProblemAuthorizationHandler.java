package io.trainyard.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;
import java.util.TreeSet;

/**
 * Micronaut's handler of refused requests, with a detail that says what to do: 401 (no valid
 * token; why, when its roles claim was refused: {@link KnownRolesOnly}) with {@code WWW-Authenticate: Bearer}, 403 (the token lacks the role) naming the caller
 * and their roles. Both go through the {@link ErrorResponseProcessor}, so they are problem+json
 * ({@code unauthorized}, {@code forbidden}) with the request id, like every other error.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class ProblemAuthorizationHandler extends DefaultAuthorizationExceptionHandler {
  /** The detail of every 401 the security layer answers. */
  public static final String UNAUTHORIZED_DETAIL =
      "this endpoint needs a valid token: send Authorization: Bearer <JWT> (missing, expired or badly signed)";
  /** How every 403 the security layer answers begins (the business rules' 403s say something else). */
  public static final String FORBIDDEN_DETAIL = "the token lacks the role this endpoint needs";

  private final ErrorResponseProcessor<?> errors;

  public ProblemAuthorizationHandler(ErrorResponseProcessor<?> errors, RedirectConfiguration redirects,
      RedirectService redirectService, @Nullable PriorToLoginPersistence priorToLogin) {
    super(errors, redirects, redirectService, priorToLogin);
    this.errors = errors;
  }

  @Override
  protected MutableHttpResponse<?> httpResponseWithStatus(HttpRequest<?> request, AuthorizationException e) {
    if (e.isForbidden()) {
      String who = e.getAuthentication() == null
          ? ""
          : " (user " + e.getAuthentication().getName() + ", roles " + new TreeSet<>(e.getAuthentication().getRoles()) + ")";
      return errors.processResponse(
          ErrorContext.builder(request).cause(e).errorMessage(FORBIDDEN_DETAIL + who).build(),
          HttpResponse.status(HttpStatus.FORBIDDEN));
    }
    String detail = request.getAttribute(KnownRolesOnly.REFUSAL, String.class).orElse(UNAUTHORIZED_DETAIL);
    return errors.processResponse(
        ErrorContext.builder(request).cause(e).errorMessage(detail).build(),
        HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
  }
}
