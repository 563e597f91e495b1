package io.trainyard.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The source line of every field of a YAML or JSON document. Jackson trees carry no positions, so
 * the lines come from a walk over the parser's tokens.
 */
final class SourceLines {
  private final Map<String, Integer> lines;

  private SourceLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  static SourceLines read(JsonFactory factory, String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() != null) {
        walk(parser, "", lines);
      }
    }
    return new SourceLines(lines);
  }

  /** The line of a field, or of its nearest parent that exists in the source. */
  Integer lineOf(String field) {
    String path = field == null ? "" : field;
    while (true) {
      Integer line = lines.get(path);
      if (line != null || path.isEmpty()) {
        return line;
      }
      path = FieldPath.parent(path);
    }
  }

  private static void walk(JsonParser parser, String path, Map<String, Integer> lines) throws IOException {
    lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String child = FieldPath.field(path, parser.currentName());
        lines.putIfAbsent(child, parser.currentTokenLocation().getLineNr());
        parser.nextToken();
        walk(parser, child, lines);
      }
    } else if (token == JsonToken.START_ARRAY) {
      int i = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        walk(parser, FieldPath.index(path, i++), lines);
      }
    }
  }
}
