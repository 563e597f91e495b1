package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** One model: where its aliases point and its versions, newest first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelDetail(String name, Map<String, Integer> aliases, List<ModelVersion> versions) {}
