package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An alias's moves in the order they happened. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AliasHistory(List<AliasChange> items) {}
