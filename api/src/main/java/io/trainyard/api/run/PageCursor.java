package io.trainyard.api.run;

import io.micronaut.core.annotation.Nullable;
import io.trainyard.api.problem.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Where a keyset page ends: the (instant, id) of its last row, given out as opaque base64url of
 * "{@code at}|{@code id}"; with the page size rules the listings share (runs, approvals waiting,
 * dataset versions). The id orders rows of the same instant: a run id, or a version number.
 */
public record PageCursor(Instant at, String id) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  private static final FieldProblem NOT_OURS = new FieldProblem("cursor", "is not a cursor this API gave out");

  public String write() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
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
    errors.add(NOT_OURS);
    return first;
  }

  /** The id as a number (a listing keyed by version number), or {@code otherwise} and a problem naming {@code cursor}. */
  public int number(int otherwise, List<FieldProblem> errors) {
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      errors.add(NOT_OURS);
      return otherwise;
    }
  }

  /**
   * The page of {@code rows}, which were read with one row more than {@code limit}: its first
   * {@code limit} rows, and the cursor after the last of them ({@code cursorOf}), null when no row was left.
   */
  public static <T> Slice<T> slice(List<T> rows, int limit, Function<T, PageCursor> cursorOf) {
    boolean more = rows.size() > limit;
    List<T> page = more ? rows.subList(0, limit) : rows;
    return new Slice<>(page, more ? cursorOf.apply(page.get(page.size() - 1)).write() : null);
  }

  /** The rows of one page and the cursor of the next, null on the last page. */
  public record Slice<T>(List<T> rows, @Nullable String next) {}

  /** The page size asked for (default {@value #DEFAULT_LIMIT}), or a problem naming {@code limit}. */
  public static int limit(Integer given, List<FieldProblem> errors) {
    int limit = given == null ? DEFAULT_LIMIT : given;
    if (limit < 1 || limit > MAX_LIMIT) {
      errors.add(new FieldProblem("limit", "expected 1 to " + MAX_LIMIT + ", got " + limit));
    }
    return limit;
  }
}
