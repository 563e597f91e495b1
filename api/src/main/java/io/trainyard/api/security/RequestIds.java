package io.trainyard.api.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.UUID;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;

/**
 * Every request gets an id: the client's {@code X-Request-Id} when it is sane, else a new one. It
 * is echoed on the response, written to the audit trail and put in every problem body, so one id
 * ties a client's error report to the server's records.
 */
@Filter("/**")
public class RequestIds implements HttpServerFilter {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "trainyard.request-id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** The id of a request (assigned on first use). */
  public static String of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
      String given = request.getHeaders().get(HEADER);
      String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
      request.setAttribute(ATTRIBUTE, id);
      return id;
    });
  }

  @Override
  public int getOrder() {
    // before security, so that 401 and 403 answers carry the id too
    return ServerFilterPhase.FIRST.order();
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
    String id = of(request);
    return Publishers.map(chain.proceed(request), response -> response.header(HEADER, id));
  }
}
