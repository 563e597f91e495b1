package io.trainyard.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.model.ModelVersionRef;

/** A finished restore: the version that serves production now and the one it replaced (now at previous). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreResult(String restoreId, ModelVersionRef production, int previous, long finishedAtMillis) {}
