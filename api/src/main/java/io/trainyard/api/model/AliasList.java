package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A model's aliases, by name. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AliasList(List<AliasView> items) {}
