package io.trainyard.api.security;

import io.micronaut.security.authentication.Authentication;
import java.util.Set;
import java.util.TreeSet;

/** Who calls the API: the token's subject and roles. */
public record Caller(String user, Set<String> roles) {
  public Caller {
    roles = Set.copyOf(roles);
  }

  /** Who starts the runs that schedules and dataset triggers start, as an operator. */
  public static final Caller SCHEDULER = new Caller("trainyard-scheduler", Set.of(Roles.OPERATOR));

  public static Caller of(Authentication authentication) {
    return new Caller(authentication.getName(), Set.copyOf(authentication.getRoles()));
  }

  public boolean has(String role) {
    return roles.contains(role) || roles.contains(Roles.ADMIN);
  }

  /** The roles sorted and comma-separated, as the audit trail keeps them. */
  public String rolesText() {
    return String.join(",", new TreeSet<>(roles));
  }
}
