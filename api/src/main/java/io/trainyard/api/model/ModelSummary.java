package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** A model in a listing: its newest version and where its aliases point. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelSummary(String name, int latestVersion, Map<String, Integer> aliases) {}
