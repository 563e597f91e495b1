package io.trainyard.api.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;

/**
 * The head of the OpenAPI document generated from the controllers at compile time: title,
 * version, licence, server and the {@code bearer} scheme every operation but the public ones requires (the
 * processor adds the requirement from each route's {@code @Secured}).
 */
@OpenAPIDefinition(
    info = @Info(
        title = "Trainyard",
        version = "v1",
        description = "Durable machine-learning pipelines on Temporal: pipelines, runs, approvals, models, audit, serving. "
            + "Every /v1 operation needs a JWT bearer token (user in `sub`, roles in `roles`); errors are application/problem+json.",
        license = @License(name = "Proprietary: no licence is granted to use, copy or distribute Trainyard")),
    // relative: the document is served by the server it describes, whichever host and port that is
    servers = @Server(url = "/", description = "The Trainyard server that serves this document"))
@SecurityScheme(
    name = ApiDocument.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "A JWT signed with the server's HS256 secret (trainyard token create) or by the configured OIDC issuer.")
public final class ApiDocument {
  /** The name of the security scheme in the document. */
  public static final String BEARER = "bearer";

  private ApiDocument() {}
}
