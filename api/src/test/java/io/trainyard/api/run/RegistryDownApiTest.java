package io.trainyard.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry's database unreachable: the API answers 503 with Retry-After, not 500, and readiness is DOWN. */
class RegistryDownApiTest {

  @Test
  void readsAndWritesWhileTheDatabaseIsDownAre503() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();
    Map<String, String> props = new HashMap<>(TestDatabases.postgres(postgres));
    props.put("datasources.default.connection-timeout", "1000");
    try (ApiTestStack stack = ApiTestStack.start(props)) {
      String operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
      assertThat(stack.http().exchange(HttpRequest.GET("/v1/runs").bearerAuth(operator), String.class).code()).isEqualTo(200);
      assertThat(TemporalDownApiTest.readiness(stack)).isEqualTo(200);
      postgres.close();
      assertThat(TemporalDownApiTest.readiness(stack)).as("readiness while the registry is down").isEqualTo(503);

      for (HttpRequest<?> request : new HttpRequest<?>[] {
          HttpRequest.GET("/v1/runs").bearerAuth(operator),
          HttpRequest.POST("/v1/pipelines", ApiTestStack.pipeline("quick")).contentType("application/yaml").bearerAuth(operator)}) {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
            () -> stack.http().exchange(request, String.class));
        assertThat(e).as(request.getPath()).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getResponse().getBody(String.class).orElse("")).isEqualTo(503);
        assertThat(e.getResponse().getHeaders().get("Retry-After")).isNotBlank();
        assertThat(e.getResponse().getBody(String.class)).hasValueSatisfying(body ->
            assertThat(body).contains("\"type\":\"https://trainyard.io/problems/unavailable\"").contains("registry"));
      }
    }
  }
}
