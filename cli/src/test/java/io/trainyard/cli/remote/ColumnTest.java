package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How values read in the table format. */
class ColumnTest {

  @Test
  void instantsReadFromIsoTextEpochSecondsOrEpochMillis() throws Exception {
    Instant at = Instant.parse("2026-11-26T01:00:00.250Z");

    assertThat(Column.instant(json("\"2026-11-26T01:00:00.250Z\""))).isEqualTo(at);
    assertThat(Column.instant(json("\"2026-11-26T02:00:00.250+01:00\""))).isEqualTo(at);
    assertThat(Column.instant(json(Double.toString(at.toEpochMilli() / 1000.0)))).isEqualTo(at);
    assertThat(Column.instant(json(Long.toString(at.toEpochMilli())))).isEqualTo(at);
    assertThat(Column.instant(json("\"yesterday\""))).isNull();
  }

  @Test
  void durationsNumbersAndDigestsAreShortForPeople() throws Exception {
    assertThat(Column.duration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Column.duration(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(Column.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThat(Column.duration(Duration.ofHours(50))).isEqualTo("2d2h");
    assertThat(Column.pairs(json("{\"accuracy\":0.964912,\"auc\":1.0,\"n\":150}"))).isEqualTo("accuracy=0.9649 auc=1 n=150");
    assertThat(Column.digest("Digest", "d").cell(json("{\"d\":\"sha256:0123456789abcdef0123\"}"))).isEqualTo("sha256:0123456789ab");
    assertThat(Column.text("Alias", "alias").cell(json("{\"alias\":null}"))).isEqualTo("-");
  }

  @Test
  void anAttemptsTimesReadAsTheWebUiStoryWritesThem() throws Exception {
    Column queue = Column.elapsed("Queue", "queueMillis");

    assertThat(queue.cell(json("{\"queueMillis\":42}"))).isEqualTo("42ms");
    assertThat(queue.cell(json("{\"queueMillis\":1540}"))).isEqualTo("1.5s");
    assertThat(queue.cell(json("{}"))).isEqualTo("-");
  }

  private static JsonNode json(String text) throws Exception {
    return ApiClient.JSON.readTree(text);
  }
}
