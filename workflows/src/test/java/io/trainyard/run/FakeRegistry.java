package io.trainyard.run;

import io.trainyard.model.AliasMove;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelRegistration;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionModel;
import io.trainyard.model.ProductionRestore;
import io.trainyard.registry.RegistryActivities;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory registry that remembers what the workflow asked of it. */
final class FakeRegistry implements RegistryActivities {
  final List<StageChange> stages = new CopyOnWriteArrayList<>();
  final List<RunFinished> finished = new CopyOnWriteArrayList<>();
  final List<AliasMove> aliasMoves = new CopyOnWriteArrayList<>();
  final Map<String, ModelVersionRef> versionsByRun = new ConcurrentHashMap<>();
  final Map<String, Integer> aliases = new ConcurrentHashMap<>();
  volatile ProductionModel production = ProductionModel.NONE;
  volatile RunStarted started;

  @Override
  public void runStarted(RunStarted runStarted) {
    started = runStarted;
  }

  @Override
  public void stageChanged(StageChange change) {
    stages.add(change);
  }

  @Override
  public synchronized ModelVersionRef registerModel(ModelRegistration registration) {
    return versionsByRun.computeIfAbsent(
        registration.runId(),
        r -> new ModelVersionRef(registration.model(), versionsByRun.size() + 2, registration.artifact()));
  }

  @Override
  public ProductionModel production(String model) {
    return production;
  }

  @Override
  public void moveAlias(AliasMove move) {
    aliasMoves.add(move);
    if (move.alias().equals(Aliases.PRODUCTION)) {
      production = new ProductionModel(new ModelVersionRef(move.model(), move.version(), null), Map.of("accuracy", 0.93));
    }
    if (move.version() == 0) {
      aliases.remove(move.alias());
    } else {
      aliases.put(move.alias(), move.version());
    }
  }

  @Override
  public ModelVersionRef restoreProduction(ProductionRestore restore) {
    aliases.put(Aliases.PRODUCTION, restore.to());
    aliases.put(Aliases.PREVIOUS, restore.from());
    ModelVersionRef restored = new ModelVersionRef(restore.model(), restore.to(), null);
    production = new ProductionModel(restored, Map.of("accuracy", 0.93));
    return restored;
  }

  @Override
  public void runFinished(RunFinished runFinished) {
    finished.add(runFinished);
  }

  Integer alias(String name) {
    return aliases.get(name);
  }

  void seedProduction(int version) {
    ModelVersionRef stable = new ModelVersionRef(TestPipelines.MODEL, version, null);
    production = new ProductionModel(stable, Map.of("accuracy", 0.93));
    aliases.put(Aliases.PRODUCTION, version);
  }
}
