package io.trainyard.ui.codec;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.problem.ProblemResponses;
import io.trainyard.api.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Refuses a codec call, after security and before its body is read, when the body is over {@link
 * CodecSettings#maxBodyBytes} ({@code 413}, by its {@code Content-Length}; a chunked body is
 * measured by the controller once read) or when its user made {@link CodecSettings#callsPerMinute}
 * calls in the last minute ({@code 429} with {@code Retry-After}; a limiter per user, resilience4j's).
 */
@ServerFilter(patterns = {CodecController.PATH + "/encode", CodecController.PATH + "/decode"}, methods = HttpMethod.POST)
public class CodecLimits implements Ordered {
  private final CodecSettings settings;
  private final RateLimiterRegistry limiters;

  public CodecLimits(CodecSettings settings) {
    this.settings = settings;
    this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
        .limitForPeriod(settings.callsPerMinute())
        .limitRefreshPeriod(Duration.ofMinutes(1))
        .timeoutDuration(Duration.ZERO)
        .build());
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> refuse(HttpRequest<?> request) {
    long length = request.getContentLength();
    if (length > settings.maxBodyBytes()) {
      return ProblemResponses.of(request, ProblemType.PAYLOAD_TOO_LARGE, tooLarge(length, settings), List.of());
    }
    String user = request.getUserPrincipal(Authentication.class).map(Authentication::getName).orElse(null);
    if (user == null) {
      return null;
    }
    RateLimiter limiter = limiters.rateLimiter(user);
    if (limiter.acquirePermission()) {
      return null;
    }
    long waitNanos = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics
        ? metrics.getNanosToWait()
        : TimeUnit.MINUTES.toNanos(1);
    long waitSeconds = TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1;
    return ProblemResponses.of(request, ProblemType.TOO_MANY_REQUESTS,
            "user '" + user + "' made " + settings.callsPerMinute() + " codec calls in the last minute ("
                + CodecSettings.PREFIX + ".calls-per-minute); the next one is allowed in " + waitSeconds + " s",
            List.of())
        .header("Retry-After", Long.toString(waitSeconds));
  }

  /** The detail of a 413: the size, the limit and the setting. */
  static String tooLarge(long length, CodecSettings settings) {
    return "the request body is " + length + " bytes; a codec call may have at most " + settings.maxBodyBytes()
        + " bytes (" + CodecSettings.PREFIX + ".max-body-bytes): send fewer payloads per call";
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
