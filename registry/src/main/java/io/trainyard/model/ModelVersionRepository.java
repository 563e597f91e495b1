package io.trainyard.model;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The registered model versions. */
@JdbcRepository(dialect = Dialect.H2)
public interface ModelVersionRepository extends CrudRepository<ModelVersionRecord, Long> {

  Optional<ModelVersionRecord> findByModelAndVersion(String model, int version);

  /** The version a run registered, if it did. */
  Optional<ModelVersionRecord> findByModelAndRunId(String model, String runId);

  /** The highest version of a model, empty when it has none. */
  Optional<Integer> findMaxVersionByModel(String model);

  /** The names of the models with at least one version, sorted. */
  @Query("SELECT DISTINCT model FROM model_version ORDER BY model")
  List<String> models();

  /** A model's versions, newest first. */
  List<ModelVersionRecord> findByModelOrderByVersionDesc(String model);

  /** The versions built by runs of a pipeline that a trigger of this kind ({@code dataset}, ...) started. */
  List<ModelVersionRecord> findByPipelineAndTriggerKind(String pipeline, String triggerKind);
}
