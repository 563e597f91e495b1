package io.trainyard.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A dataset in the list: its latest version's number and digest, how many versions it has, and when the latest was pushed. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetSummary(String name, int latestVersion, int versions, String latestDigest, Instant updatedAt) {}
