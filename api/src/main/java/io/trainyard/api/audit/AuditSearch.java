package io.trainyard.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Pages through the audit trail, newest first. The cursor is the last id a page showed, encoded so
 * clients treat it as opaque; ids only grow, so a page never repeats or skips a row written meanwhile.
 */
@Singleton
public class AuditSearch {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  /** The far ends of the time range when a filter leaves it open; both fit H2's and PostgreSQL's timestamps. */
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");
  private static final String CURSOR_PREFIX = "audit:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditEventRepository events;

  public AuditSearch(AuditEventRepository events) {
    this.events = events;
  }

  /** One page of rows matching the query; every malformed filter is named in one 422. */
  public AuditPage page(AuditQuery query) {
    List<FieldProblem> problems = new ArrayList<>();
    Instant from = instant("after", query.after(), EARLIEST, problems);
    Instant to = instant("before", query.before(), LATEST, problems);
    int limit = limit(query.limit(), problems);
    long beforeId = cursor(query.cursor(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "the audit query has " + problems.size() + " invalid parameter" + (problems.size() == 1 ? "" : "s"), problems);
    }
    List<AuditEventRecord> rows = events.page(
        beforeId, blankToNull(query.actor()), blankToNull(query.action()), blankToNull(query.target()), from, to, limit + 1);
    boolean more = rows.size() > limit;
    List<AuditEventRecord> shown = more ? rows.subList(0, limit) : rows;
    String next = more ? encode(shown.get(shown.size() - 1).id()) : null;
    return new AuditPage(shown.stream().map(AuditSearch::entry).toList(), next);
  }

  private static Instant instant(String field, String text, Instant open, List<FieldProblem> problems) {
    if (text == null || text.isBlank()) {
      return open;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "expected an ISO-8601 instant such as 2026-11-26T10:15:30Z, found '" + text + "'"));
      return open;
    }
  }

  private static int limit(String text, List<FieldProblem> problems) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    problems.add(new FieldProblem("limit", "expected a whole number from 1 to " + MAX_LIMIT + ", found '" + text + "'"));
    return DEFAULT_LIMIT;
  }

  private static long cursor(String text, List<FieldProblem> problems) {
    if (text == null || text.isBlank()) {
      return Long.MAX_VALUE;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        return Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: reported below
    }
    problems.add(new FieldProblem("cursor", "expected the nextCursor of an earlier page, found '" + text + "'"));
    return Long.MAX_VALUE;
  }

  private static String encode(long id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static AuditEntry entry(AuditEventRecord row) {
    List<String> roles = row.roles().isEmpty() ? List.of() : Arrays.asList(row.roles().split(","));
    return new AuditEntry(row.id(), row.actor(), roles, row.action(), row.target(), detail(row.detailJson()),
        row.outcome(), row.requestId(), row.occurredAt());
  }

  private static Map<String, Object> detail(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit row detail is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
