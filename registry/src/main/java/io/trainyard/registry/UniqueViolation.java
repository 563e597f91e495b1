package io.trainyard.registry;

import java.sql.SQLException;

/** Recognises a write that lost a race against a unique constraint, on H2 and on PostgreSQL. */
public final class UniqueViolation {

  /** SQLSTATE of a unique constraint violation (the SQL standard's; H2 and PostgreSQL use it). */
  private static final String UNIQUE_VIOLATION = "23505";

  private UniqueViolation() {}

  /** True when the failure, or any cause of it, is a unique constraint violation. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (SQLException e = t instanceof SQLException sql ? sql : null; e != null; e = e.getNextException()) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }
}
