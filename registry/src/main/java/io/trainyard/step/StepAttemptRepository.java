package io.trainyard.step;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The recorded step attempts. */
@JdbcRepository(dialect = Dialect.H2)
public interface StepAttemptRepository extends CrudRepository<StepAttemptRecord, Long> {

  Optional<StepAttemptRecord> findByRunIdAndStepAndAttempt(String runId, String step, int attempt);

  /** Record an attempt's end in one statement; the number of rows it changed (0: never started). */
  long updateByRunIdAndStepAndAttempt(
      String runId,
      String step,
      int attempt,
      String state,
      @Nullable Integer exitCode,
      @Nullable String error,
      String metricsJson,
      String outputsJson,
      boolean cached,
      Instant finishedAt,
      @Nullable Long runningMillis,
      @Nullable Long preemptedMillis,
      @Nullable BigDecimal cost,
      @Nullable BigDecimal saved,
      @Nullable Long queueMillis,
      @Nullable Long startupMillis,
      @Nullable Long engineMillis,
      @Nullable String builtin,
      @Nullable String builtinVersion,
      @Nullable String image,
      @Nullable String imageDigest);

  /** A run's attempts in the order they started. */
  List<StepAttemptRecord> findByRunIdOrderByIdAsc(String runId);
}
