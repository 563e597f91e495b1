package io.trainyard.step;

import io.trainyard.run.Stage;

/** A step attempt began on an executor; its log goes to {@code logUri}. */
public record AttemptStarted(
    String runId,
    Stage stage,
    String step,
    int attempt,
    String hardware,
    String executor,
    String logUri,
    long atMillis) {}
