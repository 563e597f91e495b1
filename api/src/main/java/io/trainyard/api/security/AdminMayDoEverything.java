package io.trainyard.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/**
 * Reads the roles from the token's {@code roles} claim, like Micronaut's default, and lets
 * {@code admin} pass every role check ({@code @Secured(Roles.VIEWER)} admits an admin too), as
 * docs/api.md says. A route without {@code @Secured} stays denied to everyone, admin included.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class AdminMayDoEverything extends DefaultRolesFinder {

  public AdminMayDoEverything(TokenConfiguration tokenConfiguration) {
    super(tokenConfiguration);
  }

  @Override
  public boolean hasAnyRequiredRoles(List<String> requiredRoles, Collection<String> grantedRoles) {
    return grantedRoles.contains(Roles.ADMIN) || super.hasAnyRequiredRoles(requiredRoles, grantedRoles);
  }
}
