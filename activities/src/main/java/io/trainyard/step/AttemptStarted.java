package io.trainyard.step;

import io.trainyard.run.Stage;
import java.math.BigDecimal;

/** A step attempt began on an executor, priced at its hardware class's {@code hourlyPrice}; its log goes to {@code logUri}. */
public record AttemptStarted(
    String runId,
    Stage stage,
    String step,
    int attempt,
    String hardware,
    String executor,
    String logUri,
    long atMillis,
    BigDecimal hourlyPrice) {}
