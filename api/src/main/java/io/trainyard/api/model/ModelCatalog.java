package io.trainyard.api.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.run.Trigger;
import io.trainyard.model.AliasEventRecord;
import io.trainyard.model.AliasEventRepository;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.model.ModelVersionRecord;
import io.trainyard.model.ModelVersionRepository;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads of the model registry: models, versions with their lineage, aliases and their history. */
@Singleton
public class ModelCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The parameter that seeds a run's randomness, by convention (the example's splits, shuffles and initialisation). */
  static final String SEED = "seed";

  private final ModelVersionRepository versions;
  private final ModelAliasRepository aliases;
  private final AliasEventRepository aliasEvents;
  private final PipelineCatalog pipelines;

  public ModelCatalog(
      ModelVersionRepository versions, ModelAliasRepository aliases, AliasEventRepository aliasEvents, PipelineCatalog pipelines) {
    this.versions = versions;
    this.aliases = aliases;
    this.aliasEvents = aliasEvents;
    this.pipelines = pipelines;
  }

  /** Every model with its newest version and aliases. */
  public ModelList list() {
    return new ModelList(versions.models().stream()
        .map(name -> new ModelSummary(name, latestVersion(name), aliasMap(name)))
        .toList());
  }

  /** A model with its aliases and every version, newest first. */
  public ModelDetail model(String name) {
    Map<String, Integer> numbers = new HashMap<>();
    List<ModelVersion> all = versions.findByModelOrderByVersionDesc(name).stream().map(v -> view(v, numbers)).toList();
    if (all.isEmpty()) {
      throw unknownModel(name);
    }
    return new ModelDetail(name, aliasMap(name), all);
  }

  /** One version of a model with its lineage. */
  public ModelVersion version(String name, int version) {
    latestVersion(name);
    return versions.findByModelAndVersion(name, version)
        .map(v -> view(v, new HashMap<>()))
        .orElseThrow(() -> new NotFoundException("model '" + name + "' has no version " + version));
  }

  /** Where a model's aliases point. */
  public AliasList aliases(String name) {
    latestVersion(name);
    return new AliasList(aliases.findByModelOrderByAliasAsc(name).stream()
        .map(a -> new AliasView(a.alias(), a.version(), a.updatedAt()))
        .toList());
  }

  /** Every move of one alias, oldest first. */
  public AliasHistory history(String name, String alias) {
    latestVersion(name);
    List<AliasChange> changes = aliasEvents.findByModelAndAliasOrderByIdAsc(name, alias).stream()
        .map(ModelCatalog::change)
        .toList();
    if (changes.isEmpty()) {
      throw new NotFoundException("model '" + name + "' has never had an alias '" + alias + "'");
    }
    return new AliasHistory(changes);
  }

  /** The newest version of a model; an unknown model is not found. */
  int latestVersion(String name) {
    return versions.findMaxVersionByModel(name).orElseThrow(() -> unknownModel(name));
  }

  private Map<String, Integer> aliasMap(String name) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (ModelAliasRecord alias : aliases.findByModelOrderByAliasAsc(name)) {
      map.put(alias.alias(), alias.version());
    }
    return map;
  }

  static NotFoundException unknownModel(String name) {
    return new NotFoundException("no model '" + name + "'");
  }

  /** A version as the API shows it; {@code numbers} remembers the pipeline version numbers looked up for this answer. */
  private ModelVersion view(ModelVersionRecord v, Map<String, Integer> numbers) {
    Map<String, Object> params = read(v.paramsJson(), new TypeReference<Map<String, Object>>() {});
    Integer number = numbers.computeIfAbsent(v.pipeline() + "@" + v.pipelineVersion(),
        key -> pipelines.numberOf(v.pipeline(), v.pipelineVersion()));
    return new ModelVersion(
        v.model(), v.version(), v.sha256() == null ? null : "sha256:" + v.sha256(), v.artifactUri(),
        v.runId(), v.pipeline(), number, PipelineCatalog.DIGEST_PREFIX + v.pipelineVersion(), Trigger.stored(v.triggerJson()),
        read(v.dataDigestsJson(), new TypeReference<Map<String, String>>() {}),
        params,
        seed(params),
        read(v.metricsJson(), new TypeReference<Map<String, Double>>() {}),
        v.codeVersion(),
        v.stepsJson() == null ? List.of() : read(v.stepsJson(), new TypeReference<List<StepLineage>>() {}),
        v.createdAt());
  }

  /** The run's seed: its {@code seed} parameter, where the pipeline declares an integer one. */
  private static Long seed(Map<String, Object> params) {
    return params.get(SEED) instanceof Number seed && seed.doubleValue() == Math.rint(seed.doubleValue())
        ? seed.longValue()
        : null;
  }

  private static AliasChange change(AliasEventRecord e) {
    return new AliasChange(e.fromVersion(), e.toVersion(), e.runId(), e.actor(), e.reason(), e.occurredAt());
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the registry holds a lineage column that is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
