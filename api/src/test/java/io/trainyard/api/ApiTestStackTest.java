package io.trainyard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.registry.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test stack comes up with the API behind tokens, and answers errors as problem+json. */
class ApiTestStackTest {
  private static ApiTestStack stack;

  @BeforeAll
  static void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void anUnknownRouteWithoutATokenIsAProblem() {
    HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
        () -> stack.http().exchange(HttpRequest.GET("/v1/no-such-thing"), String.class));

    assertThat(e.getStatus().getCode()).isIn(401, 404);
    assertThat(e.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
    assertThat(e.getResponse().getHeaders().get("X-Request-Id")).isNotBlank();
  }

  @Test
  void tokensAreSignedByTheStack() {
    assertThat(stack.token("alice", "viewer").split("\\.")).hasSize(3);
  }
}
