package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What ran one step of the run that built a model version: the succeeded attempt's number, hardware
 * class and executor, whether the step cache answered it (the rest then names what ran the attempt
 * that produced its outputs), the builtin and its version (the code version of the worker that ran
 * it), the image and the digest the node resolved it to ({@code repo@sha256:<hex>}). Null where it
 * does not apply: a local command runs in no image, a builtin on Kubernetes has its image's digest.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepLineage(
    String step,
    String stage,
    int attempt,
    @Nullable String hardware,
    @Nullable String executor,
    boolean cached,
    @Nullable String builtin,
    @Nullable String builtinVersion,
    @Nullable String image,
    @Nullable String imageDigest) {}
