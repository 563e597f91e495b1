package io.trainyard.cli.remote;

import java.util.Iterator;
import java.util.function.Predicate;

/**
 * One server-sent event ({@code text/event-stream}): its name and its data lines joined.
 * The format is a few line rules (WHATWG HTML, "Server-sent events"); the JDK client has no
 * parser for it and a library for 30 lines is not worth its weight.
 */
record ServerSentEvent(String name, String data) {

  /** Hand each event of the stream to {@code sink} until the stream ends or the sink returns false. */
  static void read(Iterator<String> lines, Predicate<ServerSentEvent> sink) {
    String name = null;
    StringBuilder data = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (data != null && !sink.test(new ServerSentEvent(name == null ? "message" : name, data.toString()))) {
          return;
        }
        name = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        name = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
  }
}
