package io.trainyard.spec;

import static io.trainyard.spec.PipelineParserTest.lineOf;
import static io.trainyard.spec.PipelineParserTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A pipeline's {@code schedule:}: what parses, its defaults, and every mistake named at once. */
class ScheduleSpecTest {
  private final PipelineParser parser = PipelineParserTest.parser();

  /** A pipeline with a required parameter ({@code data}) and one with a default ({@code epochs}). */
  private static final String PIPELINE = """
      apiVersion: trainyard.io/v1
      kind: Pipeline
      metadata: {name: churn}
      model: {name: churn, artifact: "${steps.fit.outputs.model}"}
      parameters:
        data: {type: string}
        epochs: {type: integer, default: 20}
      train:
        - name: fit
          run: python fit.py
          outputs: [model]
          with: {data: "${params.data}", epochs: "${params.epochs}"}
      """;

  private PipelineSpec parse(String schedule) {
    return parser.parse(PIPELINE + schedule, "churn.yaml");
  }

  private SpecValidationException mistakes(String schedule) {
    return (SpecValidationException) PipelineParserTest.catchThrowable(() -> parse(schedule));
  }

  @Test
  void aCronScheduleParsesWithDefaults() {
    ScheduleSpec schedule = parse("""
        schedule:
          cron: "0 3 * * 1-5"
          params: {data: data/churn.csv}
        """).schedule();

    assertThat(schedule.cron()).isEqualTo("0 3 * * 1-5");
    assertThat(schedule.interval()).isEmpty();
    assertThat(schedule.intervalOffset()).isZero();
    assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(schedule.jitterDuration()).isZero();
    assertThat(schedule.overlap()).isEqualTo(ScheduleOverlap.SKIP);
    assertThat(schedule.overlap().toTemporal()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.catchupWindowDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(schedule.params()).containsExactly(Map.entry("data", "data/churn.csv"));
    assertThat(schedule.paused()).isFalse();
    assertThat(schedule.note()).isNull();
    assertThat(ScheduleSpec.scheduleId("churn")).isEqualTo("trainyard-churn");
  }

  @Test
  void anIntervalScheduleReadsEveryField() {
    ScheduleSpec schedule = parse("""
        schedule:
          every: 6h
          offset: 30m
          timezone: Europe/Paris
          jitter: 5m
          overlap: buffer-one
          catchupWindow: 1h
          params: {data: data/churn.csv, epochs: 5}
          paused: true
          note: retrain on the night's data
        """).schedule();

    assertThat(schedule.interval()).contains(Duration.ofHours(6));
    assertThat(schedule.intervalOffset()).isEqualTo(Duration.ofMinutes(30));
    assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(schedule.jitterDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.overlap().toTemporal()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);
    assertThat(schedule.catchupWindowDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.params()).containsExactly(Map.entry("data", "data/churn.csv"), Map.entry("epochs", 5));
    assertThat(schedule.paused()).isTrue();
    assertThat(schedule.note()).isEqualTo("retrain on the night's data");
  }

  @Test
  void theExampleOfTheDocsParses() throws IOException {
    String docs = Files.readString(Path.of("../docs/pipeline-spec.md"));
    String example = docs.substring(docs.indexOf("```yaml\n", docs.indexOf("## Schedules")) + "```yaml\n".length());
    String pipeline = PIPELINE.replace("data: {type: string}", "data: {type: string, default: d.csv}");

    ScheduleSpec schedule = parser.parse(pipeline + example.substring(0, example.indexOf("```")), "docs.yaml").schedule();

    assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(schedule.params()).containsExactly(Map.entry("epochs", 30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})
  void cronMacrosAreAccepted(String macro) {
    assertThat(parse("schedule: {cron: \"" + macro + "\", params: {data: d.csv}}").schedule().cron()).isEqualTo(macro);
  }

  @Test
  void everyOverlapPolicyMapsToTemporalsOfTheSameName() {
    for (ScheduleOverlap overlap : ScheduleOverlap.values()) {
      assertThat(overlap.toTemporal().name()).isEqualTo("SCHEDULE_OVERLAP_POLICY_" + overlap.name());
    }
  }

  static Stream<Arguments> oneMistake() {
    return Stream.of(
        Arguments.of("{cron: \"61 * * * *\"}", "schedule.cron",
            "'61 * * * *' is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or one of @yearly"),
        Arguments.of("{cron: \"0 3 * *\"}", "schedule.cron", "(Cron expression contains 4 parts but we expect one of [5])"),
        Arguments.of("{cron: \"@reboot\"}", "schedule.cron",
            "unknown macro '@reboot': expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"),
        Arguments.of("{cron: \"@daily\", every: 1d}", "schedule", "has both cron and every: give one of them"),
        Arguments.of("{timezone: UTC}", "schedule", "needs cron (such as '0 3 * * *' or @daily) or every (such as 6h)"),
        Arguments.of("{cron: \"@daily\", timezone: Mars/Olympus}", "schedule.timezone",
            "unknown time zone 'Mars/Olympus'; expected an IANA id such as Europe/Paris or UTC"),
        Arguments.of("{cron: \"@daily\", timezone: \"+02:00\"}", "schedule.timezone", "unknown time zone '+02:00'"),
        Arguments.of("{cron: \"@daily\", jitter: -5m}", "schedule.jitter", "must not be negative, got -5m"),
        Arguments.of("{cron: \"@daily\", jitter: soon}", "schedule.jitter", "'soon' is not a duration"),
        Arguments.of("{every: 30s}", "schedule.every", "must be at least 1m (the shortest interval), got 30s"),
        Arguments.of("{every: 1h, offset: 60m}", "schedule.offset", "must be less than every (1h), got 60m"),
        Arguments.of("{cron: \"@daily\", offset: 1h}", "schedule.offset", "is for every: a cron expression sets its own times"),
        Arguments.of("{every: 1h, catchupWindow: 5s}", "schedule.catchupWindow",
            "must be at least 10s (Temporal's least catch-up window), got 5s"),
        Arguments.of("{every: 1h, overlap: sometimes}", "schedule.overlap",
            "does not have a value in the enumeration [\"skip\", \"buffer-one\", \"buffer-all\", \"cancel-other\", \"allow-all\"]"),
        Arguments.of("{every: 1h, note: \"" + "n".repeat(1001) + "\"}", "schedule.note", "at most 1000 characters, got 1001"),
        Arguments.of("{every: 1h, when: daily}", "schedule.when", "unknown field 'when'"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource
  void oneMistake(String schedule, String field, String message) {
    String withParams = schedule.replace("}", ", params: {data: d.csv}}");
    SpecValidationException thrown = mistakes("schedule: " + withParams + "\n");

    assertThat(thrown.errors()).extracting(SpecError::field, SpecError::line).containsExactly(tuple(field, 13));
    assertThat(message(thrown, field)).contains(message);
  }

  @Test
  void paramsAreCheckedAgainstThePipelinesParameters() {
    String schedule = """
        schedule:
          cron: "@daily"
          params:
            epochs: many
            colour: blue
        """;
    SpecValidationException thrown = mistakes(schedule);

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactly(
            tuple("schedule.params.data", lineOf(schedule, "params:") + 12),
            tuple("schedule.params.epochs", lineOf(schedule, "epochs: many") + 12),
            tuple("schedule.params.colour", lineOf(schedule, "colour: blue") + 12));
    assertThat(message(thrown, "schedule.params.data")).isEqualTo("is required: the parameter has no default");
    assertThat(message(thrown, "schedule.params.epochs")).isEqualTo("expected an integer, got 'many'");
    assertThat(message(thrown, "schedule.params.colour")).isEqualTo("no such parameter (declared: data, epochs)");
  }

  @Test
  void severalMistakesAreAllNamedAtOnceWithTheirLines() {
    String yaml = PIPELINE.replace("run: python fit.py", "run: python fit.py\n    timeout: soon") + """
        schedule:
          cron: "0 25 * * *"
          every: 10s
          timezone: Mars/Olympus
          jitter: -5m
          overlap: sometimes
          catchupWindow: 1s
          params: {data: 42, seed: 7}
        """;
    SpecValidationException thrown =
        (SpecValidationException) PipelineParserTest.catchThrowable(() -> parser.parse(yaml, "churn.yaml"));

    assertThat(thrown.errors())
        .extracting(SpecError::field, SpecError::line)
        .containsExactly(
            tuple("train[0].timeout", lineOf(yaml, "timeout: soon")),
            tuple("schedule", lineOf(yaml, "schedule:")),
            tuple("schedule.cron", lineOf(yaml, "cron:")),
            tuple("schedule.every", lineOf(yaml, "every:")),
            tuple("schedule.timezone", lineOf(yaml, "timezone:")),
            tuple("schedule.jitter", lineOf(yaml, "jitter:")),
            tuple("schedule.overlap", lineOf(yaml, "overlap:")),
            tuple("schedule.catchupWindow", lineOf(yaml, "catchupWindow:")),
            tuple("schedule.params.data", lineOf(yaml, "params:")),
            tuple("schedule.params.seed", lineOf(yaml, "params:")));
    assertThat(message(thrown, "schedule")).isEqualTo("has both cron and every: give one of them");
    assertThat(message(thrown, "schedule.cron")).contains("Value 25 not in range [0, 23]");
    assertThat(message(thrown, "schedule.params.data")).isEqualTo("expected a string, got 42");
  }

  @Test
  void aScheduleInARequestBodyIsCheckedUnderItsOwnFields() throws Exception {
    PipelineSpec pipeline = parse("");
    ScheduleSpec body = new ObjectMapper().readValue("""
        {"every": "1h", "offset": "2h", "timezone": "Europe/Atlantis", "params": {"epochs": 2.5}}
        """, ScheduleSpec.class);

    assertThat(body.problems("", pipeline))
        .extracting(SpecError::field, SpecError::line)
        .containsExactly(
            tuple("offset", null), tuple("timezone", null), tuple("params.data", null), tuple("params.epochs", null));
    assertThat(new ScheduleSpec(null, null, null, null, null, null, null, Map.of("data", "d.csv"), null, null)
        .problems("", pipeline))
        .extracting(SpecError::field)
        .containsExactly("");
  }

  @Test
  void aPipelineWithoutAScheduleKeepsItsVersion() {
    PipelineSpec without = parse("");

    assertThat(without.schedule()).isNull();
    assertThat(PipelineVersion.canonical(without)).doesNotContain("schedule");
    assertThat(PipelineVersion.of(parse("schedule: {cron: \"@daily\", params: {data: d.csv}}")))
        .isNotEqualTo(PipelineVersion.of(without))
        .as("defaults spelled out are the same version")
        .isEqualTo(PipelineVersion.of(parse("""
            schedule: {cron: "@daily", params: {data: d.csv}, timezone: UTC, jitter: 0s, overlap: skip,
                       catchupWindow: 10m, paused: false}
            """)));
  }

  @Test
  void aScheduleTravelsInWorkflowPayloadsAndOldPayloadsReadWithout() throws Exception {
    ObjectMapper payloads = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    PipelineSpec spec = parse("schedule: {every: 1d, overlap: allow-all, params: {data: d.csv, epochs: 3}}");
    PipelineSpec without = parse("");

    assertThat(payloads.readValue(payloads.writeValueAsString(spec), PipelineSpec.class)).isEqualTo(spec);
    assertThat(payloads.readValue(payloads.writeValueAsString(without), PipelineSpec.class).schedule()).isNull();
  }
}
