package io.trainyard.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Where an alias of a model points now; one row per (model, alias). */
@MappedEntity(value = "model_alias", escape = false)
public record ModelAliasRecord(
    @Id @GeneratedValue @Nullable Long id,
    String model,
    String alias,
    int version,
    Instant updatedAt) {

  /** This alias, pointed at another version. */
  public ModelAliasRecord movedTo(int newVersion, Instant at) {
    return new ModelAliasRecord(id, model, alias, newVersion, at);
  }
}
