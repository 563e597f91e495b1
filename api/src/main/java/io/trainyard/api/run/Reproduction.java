package io.trainyard.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A reproduction compared with the run it reproduces ({@code GET /v1/runs/{id}/reproduction}):
 * every step output both have, in pipeline order, and the first that differs. {@code outcome}:
 * {@code running} (compared so far), {@code equal} (the reproduction succeeded and every output is
 * equal), {@code different} ({@code firstDifference} names the step, output and both digests) or
 * {@code failed} (the reproduction did not succeed; the outputs it wrote are compared).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Reproduction(
    String runId,
    String reproduces,
    String state,
    String outcome,
    List<OutputComparison> outputs,
    // null while no output differs; OpenAPI wants a type beside nullable
    @Schema(type = "object", nullable = true) @Nullable OutputComparison firstDifference) {
  public static final String RUNNING = "running";
  public static final String EQUAL = "equal";
  public static final String DIFFERENT = "different";
  public static final String FAILED = "failed";

  /** One output of one step: its digest in the original and in the reproduction ({@code sha256:<hex>}; null: not written yet). */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record OutputComparison(
      String step, String output, @Nullable String original, @Nullable String reproduced, boolean equal) {}
}
