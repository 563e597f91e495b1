package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The recorded runs. */
@JdbcRepository(dialect = Dialect.H2)
public interface RunRepository extends CrudRepository<RunRecord, String> {

  /** Runs, newest first. */
  List<RunRecord> listOrderByStartedAtDesc(Pageable pageable);

  /** The newest {@code limit} runs. */
  default List<RunRecord> newest(int limit) {
    return listOrderByStartedAtDesc(Pageable.from(0, limit));
  }

  /** A pipeline's runs, newest first. */
  List<RunRecord> findByPipelineOrderByStartedAtDesc(String pipeline, Pageable pageable);

  /** Runs in any of these states (names of {@code RunState}). */
  List<RunRecord> findByStateIn(Collection<String> state);

  /** Record where a run stands now. */
  void update(@Id String runId, String state, String stage, @Nullable String message);

  /** Record a run's end. */
  void update(
      @Id String runId,
      String state,
      String stage,
      @Nullable String message,
      String metricsJson,
      @Nullable Integer modelVersion,
      @Nullable String alias,
      @Nullable Instant finishedAt);
}
