package io.trainyard.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Restore a model's earlier version: production moves from {@code from} back to {@code to} (the
 * version at {@code previous} when it was asked), on behalf of {@code actor}, for {@code reason}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreInput(String restoreId, String model, int from, int to, String actor, String reason) {

  /** The workflow id of this restore: {@code restore-<model>-<id>}. */
  public String workflowId() {
    return ModelRestoreWorkflow.workflowId(model, restoreId);
  }
}
