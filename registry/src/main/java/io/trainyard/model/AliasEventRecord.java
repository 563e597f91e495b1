package io.trainyard.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One move of an alias, kept forever: from which version to which ({@code null} when the alias
 * did not exist before or was removed), by which run or person ({@code actor}) and why.
 */
@MappedEntity(value = "alias_event", escape = false)
public record AliasEventRecord(
    @Id @GeneratedValue @Nullable Long id,
    String model,
    String alias,
    @Nullable Integer fromVersion,
    @Nullable Integer toVersion,
    @Nullable String runId,
    @Nullable String reason,
    Instant occurredAt,
    @Nullable String actor) {}
