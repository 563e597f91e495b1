package io.trainyard.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a token (401) whose roles claim is not a non-empty list of known role names: the API's
 * ({@link Roles#ALL}) and those approval policies may name besides {@code approver}, configured in
 * {@value #GATE_ROLES}. Micronaut's default reads a string {@code "admin"} as the role {@code admin}.
 * It runs beside Micronaut's own claim checks (expiry, not-before), after the signature's; the reason
 * goes on the request for {@link ProblemAuthorizationHandler}'s detail.
 */
@Singleton
public class KnownRolesOnly implements GenericJwtClaimsValidator<Object> {
  /** The request attribute that holds why the token's roles were refused. */
  public static final String REFUSAL = "trainyard.token.roles-refusal";
  /** The roles besides the API's that tokens may carry, for the approval policies that name them (a list; default none). */
  public static final String GATE_ROLES = "trainyard.security.gate-roles";

  private final String claim;
  private final Set<String> known;

  public KnownRolesOnly(TokenConfiguration tokens, PropertyResolver properties) {
    this.claim = tokens.getRolesName();
    Set<String> known = new LinkedHashSet<>(Roles.ALL);
    known.addAll(properties.getProperty(GATE_ROLES, Argument.listOf(String.class)).orElse(List.of()));
    this.known = Collections.unmodifiableSet(known);
  }

  @Override
  public boolean validate(Claims claims, @Nullable Object request) {
    Optional<String> refusal = refusal(claims.get(claim));
    if (refusal.isPresent() && request instanceof HttpRequest<?> http) {
      http.setAttribute(REFUSAL, refusal.get());
    }
    return refusal.isEmpty();
  }

  private Optional<String> refusal(@Nullable Object roles) {
    String expected = "expected a list of one or more of " + String.join(", ", known);
    if (roles == null) {
      return Optional.of("the token has no '" + claim + "' claim: " + expected);
    }
    if (!(roles instanceof List<?> list)) {
      return Optional.of("the token's '" + claim + "' claim is not a list: " + expected);
    }
    if (list.isEmpty()) {
      return Optional.of("the token's '" + claim + "' claim is empty: " + expected);
    }
    for (Object role : list) {
      if (!(role instanceof String name) || !known.contains(name)) {
        return Optional.of("the token's '" + claim + "' claim has an unknown role '" + role + "': " + expected);
      }
    }
    return Optional.empty();
  }
}
