package io.trainyard.api.run;

import io.trainyard.api.problem.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Where a keyset page of runs ends: the (instant, run id) of its last row, given out as opaque
 * base64url of "{@code at}|{@code runId}"; with the page size rules the run listings share.
 */
public record PageCursor(Instant at, String runId) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public String write() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + runId).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor of {@code text}, {@code first} when there is none, or {@code first} and a problem naming {@code cursor}. */
  public static PageCursor read(String text, PageCursor first, List<FieldProblem> errors) {
    if (text == null || text.isBlank()) {
      return first;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int bar = decoded.indexOf('|');
      if (bar >= 0) {
        return new PageCursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // not one of ours: named below
    }
    errors.add(new FieldProblem("cursor", "is not a cursor this API gave out"));
    return first;
  }

  /** The page size asked for (default {@value #DEFAULT_LIMIT}), or a problem naming {@code limit}. */
  public static int limit(Integer given, List<FieldProblem> errors) {
    int limit = given == null ? DEFAULT_LIMIT : given;
    if (limit < 1 || limit > MAX_LIMIT) {
      errors.add(new FieldProblem("limit", "expected 1 to " + MAX_LIMIT + ", got " + limit));
    }
    return limit;
  }
}
