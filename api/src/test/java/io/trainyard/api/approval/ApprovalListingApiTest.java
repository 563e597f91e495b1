package io.trainyard.api.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.registry.TestDatabases;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import io.trainyard.run.RunRecord;
import io.trainyard.run.RunRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code GET /v1/approvals}: pages from the registry, longest waiting first, with the approvals so far. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalListingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");

  private ApiTestStack stack;
  private String viewer;

  @BeforeAll
  void start() {
    stack = ApiTestStack.start(TestDatabases.h2());
    viewer = stack.token("vera", Roles.VIEWER);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  @Order(1)
  void pagesGoLongestWaitingFirstAndBadPagesAreNamed() throws Exception {
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(waitingRun(LONG_AGO.plusSeconds(i)));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = get("/v1/approvals?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("items").forEach(item -> seen.add(item.get("runId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(waiting);
    assertThat(pages).isEqualTo(3);
    JsonNode first = get("/v1/approvals?limit=1").get("items").get(0);
    assertThat(first.get("required").asInt()).isEqualTo(2);
    assertThat(first.get("role").asText()).isEqualTo("approver");
    assertThat(first.get("fourEyes").asBoolean()).isTrue();
    assertThat(Instant.parse(first.get("waitingSince").asText())).isEqualTo(LONG_AGO);
    assertThat(Instant.parse(first.get("deadline").asText())).isEqualTo(LONG_AGO.plusSeconds(3600));
    assertThat(first.get("metrics").get("accuracy").asDouble()).isEqualTo(0.97);

    for (String query : new String[] {"limit=0", "limit=201", "cursor=nonsense"}) {
      HttpClientResponseException e = catchThrowableOfType(
          HttpClientResponseException.class,
          () -> stack.http().exchange(HttpRequest.GET("/v1/approvals?" + query).bearerAuth(viewer), String.class));
      assertThat(e.getStatus().getCode()).as(query).isEqualTo(422);
      assertThat(e.getResponse().getBody(String.class)).hasValueSatisfying(body ->
          assertThat(body).contains("\"field\":\"" + query.substring(0, query.indexOf('=')) + "\""));
    }
  }

  @Test
  @Order(2)
  void anAcceptedApprovalShowsInTheListingAndTheListingNeedsNoTemporal() throws Exception {
    String runId = stack.startRun(ApiTestStack.pipeline("approved").replace("required: 1", "required: 2"), "olivia");
    await().atMost(Duration.ofMinutes(2)).until(() -> listed(runId) != null);
    assertThat(listed(runId).get("approvals").asInt()).isZero();

    String arthur = stack.token("arthur", Roles.APPROVER, Roles.VIEWER);
    stack.http().exchange(HttpRequest.POST("/v1/runs/" + runId + "/approve", Map.of()).bearerAuth(arthur), String.class);

    JsonNode after = listed(runId);
    assertThat(after.get("approvals").asInt()).isEqualTo(1);
    assertThat(after.get("approvedBy").get(0).asText()).isEqualTo("arthur");

    stack.stopTemporal();
    assertThat(listed(runId)).as("listed from the registry while Temporal is down").isNotNull();
  }

  private JsonNode listed(String runId) throws Exception {
    for (JsonNode item : get("/v1/approvals?limit=200").get("items")) {
      if (item.get("runId").asText().equals(runId)) {
        return item;
      }
    }
    return null;
  }

  /** A run the registry has waiting at its gate since {@code since} (no workflow behind it). */
  private String waitingRun(Instant since) {
    String runId = "wait-" + UUID.randomUUID();
    stack.bean(RunRepository.class).save(new RunRecord(runId, "run-listing-" + runId, "listing", "sha256:aa", "listing-model",
        "{}", "olivia", "WAITING_APPROVAL", "GATE", null, "{}", null, null, since, null, null, null, null, null));
    stack.bean(GateWaitRepository.class).save(new GateWaitRecord(runId, "listing", "listing-model", "olivia", 2, "approver",
        true, 0, "[]", "{\"accuracy\":0.97}", since, since.plusSeconds(3600)));
    return runId;
  }

  private JsonNode get(String uri) throws Exception {
    return JSON.readTree(stack.http().retrieve(HttpRequest.GET(uri).bearerAuth(viewer), String.class));
  }
}
