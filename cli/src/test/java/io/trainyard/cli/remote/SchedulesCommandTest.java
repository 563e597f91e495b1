package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainyard schedules} against a local stand-in of the API: the requests it sends and what it prints. */
class SchedulesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEDULE = """
      {"id":"trainyard-breast-cancer","pipeline":"breast-cancer",
       "schedule":{"every":"1m","timezone":"UTC","jitter":"0s","overlap":"buffer-one","catchupWindow":"10m",
                   "params":{"epochs":30},"paused":true},
       "paused":true,"note":"made in a test","createdBy":"olivia","nextActions":[],
       "recentActions":[{"scheduledAt":"2026-12-07T03:00:00Z","startedAt":"2026-12-07T03:00:01Z",
                         "workflowId":"trainyard-breast-cancer-2026-12-07T03:00:00Z"}],
       "running":["trainyard-breast-cancer-2026-12-07T03:00:00Z"],"actions":1,"skippedOverlap":0,
       "missedCatchupWindow":0,"createdAt":"2026-12-07T02:59:00Z","updatedAt":null}""";

  @TempDir Path dir;
  private FakeApi api;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    env = api.cliEnvironment(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void createSendsThePipelineAndItsScheduleAndPrintsIt() throws Exception {
    api.json("POST", "/v1/schedules", 201, SCHEDULE);

    Cli.Result result = Cli.run(env, "schedules", "create", "breast-cancer", "--every", "1m", "--overlap", "buffer-one",
        "--param", "epochs=30", "--paused", "--note", "made in a test");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode body = JSON.readTree(api.only().body());
    assertThat(body.get("pipeline").asText()).isEqualTo("breast-cancer");
    JsonNode schedule = body.get("schedule");
    assertThat(schedule.get("every").asText()).isEqualTo("1m");
    assertThat(schedule.has("cron")).isFalse();
    assertThat(schedule.get("overlap").asText()).isEqualTo("buffer-one");
    assertThat(schedule.get("params").get("epochs").asInt()).as("a number stays a number").isEqualTo(30);
    assertThat(schedule.get("paused").asBoolean()).isTrue();
    assertThat(result.err()).contains("schedule trainyard-breast-cancer created");
    assertThat(result.out()).contains("every 1m").contains("paused").contains("trainyard-breast-cancer-2026-12-07T03:00:00Z");
  }

  @Test
  void cronAndEveryTogetherIsAUsageError() {
    Cli.Result result = Cli.run(env, "schedules", "create", "breast-cancer", "--every", "1m", "--cron", "* * * * *");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--cron").contains("--every");
  }

  @Test
  void backfillLastSendsTheRangeThatEndsNow() throws Exception {
    api.json("POST", "/v1/schedules/trainyard-breast-cancer/backfill", 200, SCHEDULE);
    Instant before = Instant.now();

    Cli.Result result = Cli.run(env, "schedules", "backfill", "trainyard-breast-cancer", "--last", "10m");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode body = JSON.readTree(api.only().body());
    Instant from = Instant.parse(body.get("from").asText());
    Instant to = Instant.parse(body.get("to").asText());
    assertThat(Duration.between(from, to)).isEqualTo(Duration.ofMinutes(10));
    assertThat(to).isBetween(before, Instant.now());
  }

  @Test
  void pauseSendsItsNote() throws Exception {
    api.json("POST", "/v1/schedules/trainyard-breast-cancer/pause", 200, SCHEDULE);

    Cli.Result result = Cli.run(env, "schedules", "pause", "trainyard-breast-cancer", "--note", "data freeze");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(JSON.readTree(api.only().body()).get("note").asText()).isEqualTo("data freeze");
  }
}
