package io.trainyard.api.security;

import java.util.List;

/**
 * The roles a token carries (claim {@code roles}) and what each may do. A role does not imply
 * another: a token lists every role its holder has. {@code admin} may do everything.
 *
 * <ul>
 *   <li>{@code viewer}: read pipelines, runs, logs, models, approvals waiting.
 *   <li>{@code operator}: register pipelines, start and cancel runs, move custom aliases, roll back.
 *   <li>{@code approver}: approve or reject at a gate (never a run they started: four-eyes).
 *   <li>{@code admin}: all of the above, and read the audit trail.
 * </ul>
 */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";
  /** Every role, from least to most. */
  public static final List<String> ALL = List.of(VIEWER, OPERATOR, APPROVER, ADMIN);

  private Roles() {}
}
