package io.trainyard.registry;

import io.temporal.activity.ActivityInterface;
import io.trainyard.model.AliasMove;
import io.trainyard.model.ModelRegistration;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionModel;
import io.trainyard.model.ProductionRestore;
import io.trainyard.run.RunFinished;
import io.trainyard.run.RunStarted;
import io.trainyard.run.StageChange;

/** Writes and reads of the metadata registry that a run makes; each is idempotent under retry. */
@ActivityInterface(namePrefix = "Registry.")
public interface RegistryActivities {

  /** Record the run (with what started it) and its pipeline version; a retry finds both recorded. */
  void runStarted(RunStarted started);

  /** Record a stage transition. */
  void stageChanged(StageChange change);

  /**
   * Register the candidate as the model's next version, its lineage completed with what started the
   * run (read from the run's record); a retry returns the same version.
   */
  ModelVersionRef registerModel(ModelRegistration registration);

  /** The version at {@code production} and its metrics. */
  ProductionModel production(String model);

  /** Move an alias, keeping its history. */
  void moveAlias(AliasMove move);

  /**
   * Swap {@code production} back to the version at {@code previous} (and {@code previous} to the
   * one it leaves), recording both moves with the actor; returns the version now at production. A
   * retry after the swap finds it done; aliases that moved elsewhere meanwhile refuse the restore
   * ({@code FailureTypes.NOT_ALLOWED}).
   */
  ModelVersionRef restoreProduction(ProductionRestore restore);

  /** Record the run's end. */
  void runFinished(RunFinished finished);
}
