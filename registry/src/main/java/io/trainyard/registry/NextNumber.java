package io.trainyard.registry;

import io.micronaut.data.exceptions.DataAccessException;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Stores a version of something once per content under the next number of its series (1, 2, ...),
 * for tables with two unique constraints that decide races: (series, content) makes a concurrent
 * store of the same content find the stored one, (series, number) makes a store of other content
 * take the next number. Each statement runs on its own, outside a transaction, so a lost race
 * leaves nothing to roll back (PostgreSQL refuses further statements in a transaction after a failed one).
 */
public final class NextNumber {
  /** Stores that lose the race for a number try again this many times. */
  static final int ATTEMPTS = 32;

  private NextNumber() {}

  /**
   * The stored version of this content ({@code stored}) and whether this call stored it: when none
   * is stored yet, {@code save} stores it under the number after {@code highest} (0 for none). After
   * {@value #ATTEMPTS} lost races, the last unique violation (the API answers 409: try again).
   */
  public static <T> Stored<T> store(String series, Supplier<Optional<T>> stored, IntSupplier highest, IntFunction<T> save) {
    DataAccessException lastConflict = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<T> existing = stored.get();
      if (existing.isPresent()) {
        return new Stored<>(existing.get(), false);
      }
      try {
        return new Stored<>(save.apply(highest.getAsInt() + 1), true);
      } catch (DataAccessException e) {
        if (!UniqueViolation.causedBy(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw new DataAccessException("could not store a version of " + series
        + ": lost the race for a version number " + ATTEMPTS + " times", lastConflict);
  }

  /** A stored version, and whether the call that returned it stored it. */
  public record Stored<T>(T version, boolean created) {}
}
