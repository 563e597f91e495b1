package io.trainyard.api.openapi;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.trainyard.api.problem.Problem;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem+json answers of the API, each defined once, as annotations micronaut-openapi reads
 * into the document: {@link Guarded} on every controller (the answers of any secured operation), and
 * on an operation the answers its own inputs and state can give ({@link NotFound}, {@link Conflict},
 * {@link Invalid}, {@link TooLarge}). docs/api.md lists the types.
 */
public final class ProblemAnswers {
  /** The media type of every error answer. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private ProblemAnswers() {}

  /** What any secured operation may answer: no valid token (401), no role (403), Temporal or the registry down (503). */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @ApiResponse(responseCode = "401", description = "No valid token: missing, expired, badly signed, or its roles claim is not a list of known roles (`unauthorized`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "403", description = "The token lacks the role the operation needs, or a business rule refuses the caller (`forbidden`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "503", description = "Temporal or the registry database does not answer; nothing was changed; see Retry-After (`unavailable`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  public @interface Guarded {}

  /** The operation names something (a pipeline, version, run, attempt, model, alias) that may not exist. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "404", description = "What the path or body names does not exist (`not-found`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  public @interface NotFound {}

  /** The operation changes something whose state may not allow it, or that a concurrent change may win. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "409", description = "Not possible in the current state (`wrong-state`), or a concurrent change won (`conflict`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  public @interface Conflict {}

  /** The operation reads a body or parameters that may not read (400) or not be valid (422). */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "400", description = "The body or a parameter cannot be read: not JSON, not the parameter's type (`malformed-request`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "422", description = "A field is invalid or unknown, a text too long; `errors[]` names each field (`invalid-input`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  public @interface Invalid {}

  /** The operation takes a pipeline document, which has a size limit. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "413", description = "The document is larger than trainyard.pipelines.max-document-size (`payload-too-large`)",
      content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
  public @interface TooLarge {}
}
