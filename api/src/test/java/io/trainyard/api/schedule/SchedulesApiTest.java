package io.trainyard.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.temporal.client.schedules.ScheduleClient;
import io.trainyard.api.ApiTestStack;
import io.trainyard.api.security.Roles;
import io.trainyard.audit.AuditEventRepository;
import io.trainyard.registry.TestDatabases;
import io.trainyard.temporal.TemporalFactory;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.trainyard.run.TraceAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /v1/schedules} against the real Temporal dev server: a schedule is a Temporal Schedule whose
 * actions start runs through the API's start path; trigger, backfill (under the overlap policy),
 * pause and delete act on it; bad schedules are refused with every field named; roles hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiTestStack stack;
  private String operator;
  private String viewer;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeAll
  void start() {
    stack = ApiTestStack.traced(TestDatabases.h2(), SimpleSpanProcessor.create(spans));
    operator = stack.token("olivia", Roles.OPERATOR, Roles.VIEWER);
    viewer = stack.token("vera", Roles.VIEWER);
    register(ApiTestStack.pipeline("quick"));
    register(ApiTestStack.pipeline("approved"));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  void triggerAndBackfillStartRunsThroughTheStartPathUnderTheOverlapPolicy() throws Exception {
    JsonNode created = send(HttpRequest.POST("/v1/schedules",
        Map.of("pipeline", "quick", "schedule", Map.of("every", "1m", "paused", true, "note", "made by the test"))), operator);
    assertThat(created.get("id").asText()).isEqualTo("trainyard-quick");
    assertThat(created.get("paused").asBoolean()).isTrue();
    assertThat(created.get("note").asText()).isEqualTo("made by the test");
    assertThat(created.get("schedule").get("overlap").asText()).isEqualTo("skip");
    assertThat(created.get("createdBy").asText()).isEqualTo("olivia");
    assertThat(stack.bean(ScheduleClient.class, TemporalFactory.API).getHandle("trainyard-quick").describe().getId())
        .isEqualTo("trainyard-quick");

    // paused or not, a trigger takes one action now; its run starts through the API's start path
    send(HttpRequest.POST("/v1/schedules/trainyard-quick/trigger", Map.of()), operator);
    JsonNode first = await().atMost(Duration.ofSeconds(60)).until(() -> runsOf("quick"), runs -> runs.size() == 1).get(0);
    assertThat(first.get("startedBy").asText()).isEqualTo(ScheduleActivitiesImpl.SCHEDULER);
    assertThat(first.get("trigger").get("kind").asText()).isEqualTo("schedule");
    assertThat(first.get("trigger").get("scheduleId").asText()).isEqualTo("trainyard-quick");
    await().atMost(Duration.ofSeconds(60)).until(() -> send(HttpRequest.GET("/v1/schedules/trainyard-quick"), viewer)
        .get("recentActions").size() == 1);
    scheduledRunsStartTheirOwnTraceNamingTheTrigger(first.get("runId").asText());

    // a backfill over five past minutes, while nothing is in flight, with skip: the actions come at once,
    // so the first is in flight when the others are due, and the policy skips them
    await().atMost(Duration.ofSeconds(60)).until(() -> runsOf("quick").stream().allMatch(r -> r.get("state").asText().equals("SUCCEEDED")));
    Instant now = Instant.now();
    send(HttpRequest.POST("/v1/schedules/trainyard-quick/backfill",
        Map.of("from", now.minus(Duration.ofMinutes(5)).toString(), "to", now.toString())), operator);
    await().atMost(Duration.ofSeconds(90)).until(() -> send(HttpRequest.GET("/v1/schedules/trainyard-quick"), viewer)
        .get("skippedOverlap").asLong() >= 1);
    JsonNode described = send(HttpRequest.GET("/v1/schedules/trainyard-quick"), viewer);
    long started = runsOf("quick").size() - 1L;
    assertThat(started).as("runs the backfill started").isGreaterThanOrEqualTo(1).isLessThan(5);
    assertThat(described.get("skippedOverlap").asLong() + started).isEqualTo(5);
    // the backfill's runs succeed too (an action still following its run would hold up the stack's close for 10 s)
    await().atMost(Duration.ofSeconds(60)).until(() -> runsOf("quick").stream().allMatch(r -> r.get("state").asText().equals("SUCCEEDED")));

    JsonNode unpaused = send(HttpRequest.POST("/v1/schedules/trainyard-quick/unpause", Map.of("note", "back on")), operator);
    assertThat(unpaused.get("paused").asBoolean()).isFalse();
    assertThat(unpaused.get("nextActions")).isNotEmpty();
    JsonNode paused = send(HttpRequest.POST("/v1/schedules/trainyard-quick/pause", Map.of("note", "data freeze")), operator);
    assertThat(paused.get("paused").asBoolean()).isTrue();
    assertThat(paused.get("note").asText()).isEqualTo("data freeze");

    List<String> listed = new ArrayList<>();
    send(HttpRequest.GET("/v1/schedules"), viewer).get("items").forEach(s -> listed.add(s.get("id").asText()));
    assertThat(listed).contains("trainyard-quick");

    stack.http().exchange(HttpRequest.DELETE("/v1/schedules/trainyard-quick").bearerAuth(operator));
    HttpClientResponseException gone = catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.GET("/v1/schedules/trainyard-quick"), viewer));
    assertThat(gone.getStatus().getCode()).isEqualTo(404);
    assertThat(audit("schedule/trainyard-quick")).extracting(e -> e.action())
        .contains("schedule.create", "schedule.trigger", "schedule.backfill", "schedule.pause", "schedule.unpause", "schedule.delete");
  }

  /**
   * The schedule's action is the root of the run's trace: its workflow, the activity that starts the
   * run (naming the trigger), the run's workflow and its steps.
   */
  private void scheduledRunsStartTheirOwnTraceNamingTheTrigger(String runId) {
    SpanData start = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("RunActivity:Schedule.StartRun")
            && runId.equals(s.getAttributes().get(AttributeKey.stringKey(TraceAttributes.RUN_ID))))
        .findFirst().orElse(null), s -> s != null);
    assertThat(start.getAttributes().get(AttributeKey.stringKey(TraceAttributes.TRIGGER))).isEqualTo("schedule");
    List<SpanData> trace = await().atMost(Duration.ofSeconds(30)).until(
        () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(start.getTraceId())).toList(),
        // the action's workflow span ends once the run ended and the action followed it to its end
        spansOfTrace -> spansOfTrace.stream().anyMatch(s -> s.getName().equals("RunWorkflow:ModelRunWorkflow"))
            && spansOfTrace.stream().anyMatch(s -> !s.getParentSpanContext().isValid()));
    assertThat(trace).filteredOn(s -> !s.getParentSpanContext().isValid()).extracting(SpanData::getName)
        .as("the trace's root").containsExactly("RunWorkflow:ScheduledRun");
    assertThat(trace).extracting(SpanData::getName).contains("StartWorkflow:ModelRunWorkflow", "RunActivity:Step.Execute");
    assertThat(trace).filteredOn(s -> s.getName().startsWith("step "))
        .allSatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.stringKey(TraceAttributes.RUN_ID))).isEqualTo(runId))
        .isNotEmpty();
  }

  @Test
  void aBadScheduleIsRefusedWithEveryFieldNamedAndNothingIsCreated() throws Exception {
    HttpClientResponseException refused = catchThrowableOfType(HttpClientResponseException.class, () -> send(
        HttpRequest.POST("/v1/schedules", Map.of("pipeline", "approved", "schedule",
            Map.of("cron", "61 * * * *", "timezone", "Mars/Olympus", "jitter", "-5m"))), operator));
    assertThat(refused.getStatus().getCode()).isEqualTo(422);
    assertThat(refused.getResponse().getContentType()).hasValue(MediaType.APPLICATION_JSON_PROBLEM_TYPE);
    JsonNode problem = json(refused.getResponse().getBody(String.class).orElseThrow());
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).contains("schedule.cron", "schedule.timezone", "schedule.jitter");
    assertThat(catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.GET("/v1/schedules/trainyard-approved"), viewer)).getStatus().getCode()).isEqualTo(404);

    HttpClientResponseException unknown = catchThrowableOfType(HttpClientResponseException.class, () -> send(
        HttpRequest.POST("/v1/schedules", Map.of("pipeline", "no-such", "schedule", Map.of("every", "1h"))), operator));
    assertThat(unknown.getStatus().getCode()).isEqualTo(404);
  }

  @Test
  void aPipelinesNewestVersionDeclaresItsSchedule() {
    String document = ApiTestStack.pipeline("quick").replace("name: quick\n", "name: declared\n");
    register(document + "schedule: {every: 1h, paused: true, params: {threshold: 0.5}}\n");
    JsonNode declared = send(HttpRequest.GET("/v1/schedules/trainyard-declared"), viewer);
    assertThat(declared.get("schedule").get("every").asText()).isEqualTo("1h");
    assertThat(declared.get("schedule").get("params").get("threshold").asDouble()).isEqualTo(0.5);
    assertThat(declared.get("paused").asBoolean()).isTrue();

    register(document + "schedule: {cron: '0 3 * * *', timezone: Europe/Paris}\n");
    JsonNode changed = send(HttpRequest.GET("/v1/schedules/trainyard-declared"), viewer);
    assertThat(changed.get("schedule").get("cron").asText()).isEqualTo("0 3 * * *");
    assertThat(changed.get("paused").asBoolean()).as("a new version keeps the schedule's pause state").isTrue();

    register(document);
    assertThat(catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.GET("/v1/schedules/trainyard-declared"), viewer)).getStatus().getCode()).isEqualTo(404);
    assertThat(audit("schedule/trainyard-declared")).extracting(e -> e.action() + " " + e.actor())
        .containsExactly("schedule.create olivia", "schedule.update olivia", "schedule.delete olivia");
  }

  @Test
  void aPipelineWithABadScheduleIsNotRegistered() {
    String document = ApiTestStack.pipeline("quick").replace("name: quick\n", "name: refused\n")
        + "schedule: {cron: 'every day', every: 1h, timezone: Nowhere/Land, params: {threshold: high}}\n";
    HttpClientResponseException refused = catchThrowableOfType(HttpClientResponseException.class, () -> register(document));
    assertThat(refused.getStatus().getCode()).isEqualTo(422);
    assertThat(refused.getResponse().getBody(String.class).orElseThrow())
        .contains("schedule.timezone", "schedule.params.threshold");
    assertThat(catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.GET("/v1/pipelines/refused"), viewer)).getStatus().getCode()).isEqualTo(404);
    assertThat(catchThrowableOfType(HttpClientResponseException.class,
        () -> send(HttpRequest.GET("/v1/schedules/trainyard-refused"), viewer)).getStatus().getCode()).isEqualTo(404);
  }

  @Test
  void viewersReadAndOnlyOperatorsChange() {
    HttpClientResponseException forbidden = catchThrowableOfType(HttpClientResponseException.class, () -> send(
        HttpRequest.POST("/v1/schedules", Map.of("pipeline", "approved", "schedule", Map.of("every", "1h"))), viewer));
    assertThat(forbidden.getStatus().getCode()).isEqualTo(403);
    JsonNode list = send(HttpRequest.GET("/v1/schedules"), viewer);
    assertThat(list.path("items").isArray()).as(list.toString()).isTrue();
  }

  /** The audit rows of a target, oldest first. */
  private List<io.trainyard.audit.AuditEventRecord> audit(String target) {
    List<io.trainyard.audit.AuditEventRecord> rows = new ArrayList<>(stack.bean(AuditEventRepository.class)
        .page(Long.MAX_VALUE, null, null, target, Instant.EPOCH, Instant.now().plusSeconds(60), 200));
    java.util.Collections.reverse(rows);
    return rows;
  }

  private void register(String document) {
    stack.http().exchange(HttpRequest.POST("/v1/pipelines", document).contentType("application/yaml").bearerAuth(operator), String.class);
  }

  private List<JsonNode> runsOf(String pipeline) throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    send(HttpRequest.GET("/v1/runs?pipeline=" + pipeline + "&limit=100"), viewer).get("items").forEach(runs::add);
    return runs;
  }

  private JsonNode send(io.micronaut.http.MutableHttpRequest<?> request, String token) {
    try {
      return json(stack.http().retrieve(request.bearerAuth(token), String.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode json(String body) throws java.io.IOException {
    return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
  }
}
