package io.trainyard.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every client command prints on stdout: with {@code -o json} or {@code -o yaml} the API's
 * document as it came (for scripts), with {@code -o table} a view of it for people (aligned
 * columns, local times, lower-case states). Notes and progress for people go to stderr. Commands
 * only say which columns; this class formats.
 */
final class Output {
  /** The {@code -o} choices. */
  enum Format { TABLE, JSON, YAML }

  /** How a document reads in the table format. */
  @FunctionalInterface
  interface View {
    void render(JsonNode document, Table table);
  }

  private static final ObjectWriter JSON = ApiClient.JSON.writerWithDefaultPrettyPrinter();
  private static final ObjectWriter YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build()
      .writer();

  private final Format format;
  private final PrintWriter out;
  private final PrintWriter err;

  Output(Format format, PrintWriter out, PrintWriter err) {
    this.format = format;
    this.out = out;
    this.err = err;
  }

  /** Print a document: as is in json or yaml, through {@code view} in table. */
  void print(JsonNode document, View view) {
    try {
      switch (format) {
        case JSON -> out.println(JSON.writeValueAsString(document));
        case YAML -> out.print(YAML.writeValueAsString(document));
        case TABLE -> view.render(document, new Table());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the API's document", e);
    }
    out.flush();
  }

  /** A line for people, for an answer without a document (json and yaml print documents only). */
  void say(String line) {
    if (format == Format.TABLE) {
      out.println(line);
      out.flush();
    }
  }

  /** A note for people on stderr ({@code trainyard: ...}), so that stdout stays one document. */
  void note(String line) {
    err.println("trainyard: " + line);
    err.flush();
  }

  /** A progress line on stderr, as {@link io.trainyard.cli.StageProgress} writes them. */
  void progress(String line) {
    err.println(line);
    err.flush();
  }

  /** When a listing has more pages, say how to get them (table format only: scripts read nextCursor). */
  void morePages(JsonNode page, String what) {
    String next = page.path("nextCursor").asText(null);
    if (format == Format.TABLE && next != null && !next.isBlank()) {
      note("more " + what + ": add --all, or --cursor " + next + " for the next page");
    }
  }

  /** Text as is, in every format (logs). */
  void raw(String text) {
    out.print(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }

  /** The table format's writer: details of one document, rows of a list, headings. */
  final class Table {
    /** One line per column: {@code Header  value}, the values aligned. */
    Table details(JsonNode document, Column... columns) {
      int width = 0;
      for (Column column : columns) {
        width = Math.max(width, column.header().length());
      }
      for (Column column : columns) {
        out.println(pad(column.header(), width + 2) + column.cell(document));
      }
      return this;
    }

    /** A header line, then one aligned line per item; {@code (none)} when there are no items. */
    Table rows(JsonNode items, Column... columns) {
      if (items.isEmpty()) {
        out.println("(none)");
        return this;
      }
      List<String[]> lines = new ArrayList<>();
      String[] headers = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        headers[i] = columns[i].header().toUpperCase(Locale.ROOT);
      }
      lines.add(headers);
      items.forEach(item -> {
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
          cells[i] = columns[i].cell(item);
        }
        lines.add(cells);
      });
      int[] widths = new int[columns.length];
      lines.forEach(cells -> {
        for (int i = 0; i < cells.length; i++) {
          widths[i] = Math.max(widths[i], cells[i].length());
        }
      });
      for (String[] cells : lines) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
          line.append(i == cells.length - 1 ? cells[i] : pad(cells[i], widths[i] + 2));
        }
        out.println(line.toString().stripTrailing());
      }
      return this;
    }

    /** A blank line and a title, before a second part of a view. */
    Table heading(String title) {
      out.println();
      out.println(title);
      return this;
    }

    /** Text as is, such as a pipeline's source. */
    Table text(String text) {
      out.print(text.endsWith("\n") ? text : text + "\n");
      return this;
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(1, width - text.length()));
  }
}
