package io.trainyard.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code text/event-stream} lines into events. */
class ServerSentEventTest {

  @Test
  void eventsHaveTheirNameAndJoinedDataAndCommentsAreSkipped() {
    List<ServerSentEvent> events = new ArrayList<>();
    ServerSentEvent.read(List.of(": keep-alive", "", "event: status", "data: {\"a\":", "data:1}", "id: 7", "",
        "data: unnamed", "", "event: end", "data: {}", "").iterator(), events::add);

    assertThat(events).containsExactly(
        new ServerSentEvent("status", "{\"a\":\n1}"),
        new ServerSentEvent("message", "unnamed"),
        new ServerSentEvent("end", "{}"));
  }

  @Test
  void readingStopsWhenTheSinkSaysSoAndAnUnfinishedEventIsDropped() {
    List<ServerSentEvent> events = new ArrayList<>();
    ServerSentEvent.read(List.of("event: end", "data: 1", "", "event: status", "data: 2", "").iterator(), e -> {
      events.add(e);
      return false;
    });
    ServerSentEvent.read(List.of("event: status", "data: cut off").iterator(), events::add);

    assertThat(events).containsExactly(new ServerSentEvent("end", "1"));
  }
}
