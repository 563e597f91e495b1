package io.trainyard.run;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Trainyard's custom search attributes, so that the Temporal Web UI and {@code temporal workflow
 * list} find runs by model, pipeline, run id, stage ({@code TrainyardStage = 'GATE'}) and what
 * started them ({@code TrainyardTrigger = 'schedule'}). All Keyword: five of the ten a namespace on
 * the dev server's SQLite store may have. A server must
 * have them registered before a run starts ({@link #all()}; docs/operations.md).
 */
public final class RunSearchAttributes {
  /** The model a run trains, a rollout rolls out or a restore restores. */
  public static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("TrainyardModel");
  /** The pipeline of a run and of its rollout. */
  public static final SearchAttributeKey<String> PIPELINE = SearchAttributeKey.forKeyword("TrainyardPipeline");
  /** The run id (a restore's id for a restore), shared by a run and its rollout. */
  public static final SearchAttributeKey<String> RUN_ID = SearchAttributeKey.forKeyword("TrainyardRunId");
  /** The run's stage ({@link Stage} name), moved on by the workflow; {@code DONE} once it ended. */
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("TrainyardStage");

  /** What started a run ({@link TriggerKind#value()}: {@code api}, {@code cli}, {@code schedule}, {@code dataset}). */
  public static final SearchAttributeKey<String> TRIGGER = SearchAttributeKey.forKeyword("TrainyardTrigger");

  private RunSearchAttributes() {}

  /** Every key, for registering them on a server. */
  public static List<SearchAttributeKey<?>> all() {
    return List.of(MODEL, PIPELINE, RUN_ID, STAGE, TRIGGER);
  }
}
