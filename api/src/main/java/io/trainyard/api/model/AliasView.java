package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** Where an alias points now and since when. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AliasView(String alias, int version, Instant updatedAt) {}
