package io.trainyard.run;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Trainyard's custom search attributes (placeholder until the visibility work lands). */
public final class RunSearchAttributes {
  public static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("TrainyardModel");
  public static final SearchAttributeKey<String> PIPELINE = SearchAttributeKey.forKeyword("TrainyardPipeline");
  public static final SearchAttributeKey<String> RUN_ID = SearchAttributeKey.forKeyword("TrainyardRunId");
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("TrainyardStage");

  private RunSearchAttributes() {}

  public static List<SearchAttributeKey<?>> all() {
    return List.of(MODEL, PIPELINE, RUN_ID, STAGE);
  }
}
