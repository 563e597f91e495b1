package io.trainyard.cli;

import io.trainyard.api.security.Roles;
import io.trainyard.api.security.TokenIssuer;
import io.trainyard.spec.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainyard token}: API tokens signed with the server's secret. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "API tokens signed with the server's HS256 secret.",
    footer = {"", "Example:", "  trainyard token create --user arthur --role approver --role viewer --ttl 8h"},
    subcommands = {TokenCommand.Create.class})
public class TokenCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code trainyard token create}: prints a token for a user and roles. Whoever has the secret
   * ({@code TRAINYARD_JWT_SECRET}, or the home's {@code jwt-secret}) can mint any token: it is an
   * administrator's command. Servers verifying against an OIDC issuer take that issuer's tokens instead.
   */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Print a token for USER with the given roles (viewer, operator, approver, admin), signed with",
        "TRAINYARD_JWT_SECRET or the home's jwt-secret file (trainyard dev creates it).",
        "Exit codes: 0 printed; 2 invalid user, role or TTL; 3 no secret."
      },
      footer = {"", "Example:", "  trainyard token create --user alice --role operator --role viewer --ttl 8h"})
  static class Create implements Callable<Integer> {

    @Option(names = "--user", required = true, description = "Who the token is for (the sub claim).")
    String user;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "A role (repeatable): viewer, operator, approver, admin.")
    List<String> roles;

    @Option(names = "--ttl", defaultValue = "8h", description = "How long the token is valid: 30m, 8h, 7d or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String ttl;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var err = spec.commandLine().getErr();
      Optional<String> unknown = roles.stream().filter(r -> !Roles.ALL.contains(r)).findFirst();
      if (unknown.isPresent()) {
        err.println("trainyard: --role: unknown role '" + unknown.get() + "' (known: " + String.join(", ", Roles.ALL) + ")");
        return Trainyard.INVALID_INPUT;
      }
      Duration validity;
      try {
        validity = Durations.parse(ttl);
      } catch (IllegalArgumentException e) {
        err.println("trainyard: --ttl: " + e.getMessage());
        return Trainyard.INVALID_INPUT;
      }
      Optional<String> secret = JwtSecret.find(Home.path());
      if (secret.isEmpty()) {
        err.println("trainyard: no JWT secret to sign with: set " + TokenIssuer.SECRET_ENV + " to the server's secret, or run "
            + "trainyard dev once to create " + Home.path().resolve(JwtSecret.FILE));
        return Trainyard.ENVIRONMENT;
      }
      TokenIssuer issuer;
      try {
        issuer = TokenIssuer.withSecret(secret.get());
      } catch (IllegalArgumentException e) {
        err.println("trainyard: " + e.getMessage());
        return Trainyard.ENVIRONMENT;
      }
      String token;
      try {
        token = issuer.issue(user, roles, validity);
      } catch (IllegalArgumentException e) {
        err.println("trainyard: " + e.getMessage());
        return Trainyard.INVALID_INPUT;
      }
      spec.commandLine().getOut().println(token);
      spec.commandLine().getOut().flush();
      return Trainyard.OK;
    }
  }
}
