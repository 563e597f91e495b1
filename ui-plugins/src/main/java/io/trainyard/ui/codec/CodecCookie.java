package io.trainyard.ui.codec;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads the token of the codec's sign-in cookie ({@link CodecLoginController}) on the codec's routes
 * and nowhere else. Micronaut's own cookie reader exists only in its cookie authentication mode,
 * which would make the whole API a redirecting login application; the API stays bearer-only.
 */
@Singleton
public class CodecCookie implements TokenReader<HttpRequest<?>> {
  /** The cookie's name; its path is {@link CodecController#PATH}. */
  public static final String NAME = "trainyard-codec";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    String path = request.getPath();
    if (!path.startsWith(CodecController.PATH + "/")) {
      return Optional.empty();
    }
    return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(value -> !value.isBlank());
  }
}
