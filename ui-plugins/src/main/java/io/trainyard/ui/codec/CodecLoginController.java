package io.trainyard.ui.codec;

import com.nimbusds.jwt.JWTParser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.validator.TokenValidator;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.ProblemResponses;
import io.trainyard.api.problem.ProblemType;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.ProblemAuthorizationHandler;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * How a browser gets its user's token to the codec server: the Temporal Web UI cannot send a
 * Trainyard bearer token over plain HTTP (it forwards only its own OIDC token, and only to an HTTPS
 * codec), but with "include cross-origin credentials" it sends cookies. {@code GET /codec/login} is a
 * form where the user pastes a token; {@code POST /codec/login} checks it as every request's token
 * is checked and answers with it in an HttpOnly, SameSite=Strict cookie whose path is {@code /codec}
 * (so no other route ever receives it), expiring with the token, then goes back to the Web UI page
 * it came from when that is a configured UI origin. {@code POST /codec/logout} clears it.
 * {@link CodecCookie} reads it (docs/security.md#payload-encryption).
 */
@Controller(CodecController.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
public class CodecLoginController {
  /** The longest a codec cookie lives, however long its token does. */
  static final Duration MAX_SESSION = Duration.ofHours(12);

  private final List<TokenValidator<HttpRequest<?>>> validators;
  private final CodecSettings settings;
  private final AuditTrail trail;

  public CodecLoginController(List<TokenValidator<HttpRequest<?>>> validators, CodecSettings settings, AuditTrail trail) {
    this.validators = validators;
    this.settings = settings;
    this.trail = trail;
  }

  @Get(uri = "/login", produces = MediaType.TEXT_HTML)
  public String form(@Nullable @QueryValue String next) {
    return CodecLoginPage.form(next == null || !allowed(next) ? "" : next);
  }

  @Post(uri = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<?> login(HttpRequest<?> request, @Body Map<String, String> form) {
    String token = form.getOrDefault("token", "").strip();
    if (token.startsWith("Bearer ")) {
      token = token.substring("Bearer ".length()).strip();
    }
    String validated = token;
    Authentication user = token.isEmpty() ? null : Flux.fromIterable(validators)
        .concatMap(validator -> validator.validateToken(validated, request)).next().block();
    if (user == null) {
      trail.record(request, CodecAudit.ANONYMOUS, "codec.login", "codec", Map.of(), AuditTrail.REFUSED);
      return ProblemResponses.of(request, ProblemType.UNAUTHORIZED,
          "the token field holds no valid token: paste a Trainyard token (trainyard token create --user NAME --role viewer)"
              + " as it was printed; " + ProblemAuthorizationHandler.UNAUTHORIZED_DETAIL, List.of());
    }
    trail.record(request, Caller.of(user), "codec.login", "codec", Map.of(), AuditTrail.OK);
    String next = form.getOrDefault("next", "");
    MutableHttpResponse<?> answer = next.isEmpty() || !allowed(next)
        ? HttpResponse.ok(CodecLoginPage.signedIn(user.getName())).contentType(MediaType.TEXT_HTML_TYPE)
        : HttpResponse.seeOther(URI.create(next));
    return answer.cookie(Cookie.of(CodecCookie.NAME, token)
        .path(CodecController.PATH)
        .httpOnly(true)
        .secure(request.isSecure())
        .sameSite(SameSite.Strict)
        .maxAge(lifetime(token)));
  }

  @Post(uri = "/logout", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> logout() {
    return HttpResponse.ok(CodecLoginPage.signedOut()).contentType(MediaType.TEXT_HTML_TYPE)
        .cookie(Cookie.of(CodecCookie.NAME, "").path(CodecController.PATH).httpOnly(true).maxAge(0));
  }

  /** A page to go back to after signing in: only one of the configured Web UI origins. */
  private boolean allowed(String next) {
    try {
      URI uri = URI.create(next);
      String origin = uri.getScheme() + "://" + uri.getRawAuthority();
      return uri.getRawAuthority() != null && settings.uiOrigins().contains(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Until the token expires, at most {@link #MAX_SESSION}. */
  private static Duration lifetime(String token) {
    try {
      Date expiry = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
      if (expiry == null) {
        return MAX_SESSION;
      }
      Duration left = Duration.between(Instant.now(), expiry.toInstant());
      return left.compareTo(MAX_SESSION) > 0 ? MAX_SESSION : left;
    } catch (ParseException e) {
      return MAX_SESSION;
    }
  }
}
