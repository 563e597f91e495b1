package io.trainyard.api.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.trainyard.api.security.Caller;
import io.trainyard.spec.PipelineSpec;

/**
 * A registration whose version is the pipeline's newest (new, or found again by its digest), with
 * the version before it: what follows a pipeline's newest version (its schedule) acts on it.
 */
public record PipelineRegistered(
    HttpRequest<?> request, Caller caller, PipelineSpec spec, int version, @Nullable PipelineSpec previous) {}
