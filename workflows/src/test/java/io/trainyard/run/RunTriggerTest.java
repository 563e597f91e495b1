package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What started a run, as a workflow payload: JSON both ways, old inputs without it, and its one line for people. */
class RunTriggerTest {
  private static final DataConverter PAYLOADS = DefaultDataConverter.STANDARD_INSTANCE;
  private static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");

  @Test
  void everyKindGoesThroughAPayloadAndBackUnchangedWithItsKindInLowerCase() {
    List<RunTrigger> triggers = List.of(RunTrigger.api(), RunTrigger.cli(), RunTrigger.schedule("trainyard-x", AT),
        RunTrigger.dataset("churn-events", 3, "sha256:" + "ab".repeat(32)), RunTrigger.reproduce("3f9c2a7e1b04"));

    for (RunTrigger trigger : triggers) {
      assertThat(PAYLOADS.fromPayload(PAYLOADS.toPayload(trigger).orElseThrow(), RunTrigger.class, RunTrigger.class))
          .isEqualTo(trigger);
    }
    assertThat(json(RunTrigger.api())).isEqualTo("{\"kind\":\"api\"}");
    assertThat(json(RunTrigger.schedule("trainyard-x", AT)))
        .isEqualTo("{\"kind\":\"schedule\",\"scheduleId\":\"trainyard-x\",\"scheduledAt\":\"2026-12-07T03:00:00Z\"}");
    assertThat(json(RunTrigger.reproduce("3f9c2a7e1b04"))).isEqualTo("{\"kind\":\"reproduce\",\"reproduces\":\"3f9c2a7e1b04\"}");
    assertThat(RunTrigger.reproduce("3f9c2a7e1b04").describe()).isEqualTo("reproduce run 3f9c2a7e1b04");
  }

  @Test
  void unknownPropertiesAreIgnoredAndAMissingKindReadsAsApi() {
    assertThat(read("{\"kind\":\"cli\",\"host\":\"laptop\"}")).isEqualTo(RunTrigger.cli());
    assertThat(read("{}")).isEqualTo(RunTrigger.api());
  }

  @Test
  void theInputOfARunStartedBeforeRunsRecordedTheirTriggerReadsAsApi() throws Exception {
    String recorded = Files.readString(Histories.DIR.resolve("run-approvalTimeoutRejectsByDefault-beforeWebUiStory.json"));
    Payloads started = WorkflowExecutionHistory.fromJson(recorded).getEvents().get(0)
        .getWorkflowExecutionStartedEventAttributes().getInput();
    assertThat(started.getPayloads(0).getData().toStringUtf8()).doesNotContain("trigger");

    RunInput input = PAYLOADS.fromPayloads(0, Optional.of(started), RunInput.class, RunInput.class);

    assertThat(input.trigger()).isEqualTo(RunTrigger.api());
    assertThat(new RunInput("r", input.spec(), "v", input.params(), "ann", "dev", null, null).trigger()).isEqualTo(RunTrigger.api());
  }

  @Test
  void aDatasetDigestIsKeptWithItsPrefixAndEveryKindDescribesItselfOnOneLine() {
    RunTrigger dataset = RunTrigger.dataset("churn-events", 3, "3f9a1c2b7d4e" + "0".repeat(52));

    assertThat(dataset.digest()).isEqualTo("sha256:3f9a1c2b7d4e" + "0".repeat(52));
    assertThat(dataset.describe()).isEqualTo("dataset churn-events version 3 (3f9a1c2b7d4e)");
    assertThat(RunTrigger.schedule("trainyard-x", AT).describe()).isEqualTo("schedule trainyard-x at 2026-12-07T03:00:00Z");
    assertThat(RunTrigger.api().describe()).isEqualTo("api");
    assertThat(RunTrigger.cli().describe()).isEqualTo("cli");
  }

  private static String json(RunTrigger trigger) {
    return PAYLOADS.toPayload(trigger).orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private static RunTrigger read(String json) {
    return PAYLOADS.fromPayload(PAYLOADS.toPayload("x").orElseThrow().toBuilder()
        .setData(ByteString.copyFromUtf8(json)).build(), RunTrigger.class, RunTrigger.class);
  }
}
