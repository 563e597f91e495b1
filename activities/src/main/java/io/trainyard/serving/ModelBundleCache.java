package io.trainyard.serving;

import io.trainyard.model.ModelVersionRef;
import io.trainyard.tabular.ModelBundle;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Loaded model bundles, one per model version: a registered version's artifact never changes, so
 * each is read from disk once. Digests are checked by the artifact store before a version is
 * registered, not here.
 */
@Singleton
public class ModelBundleCache {

  private final ConcurrentMap<String, ModelBundle> bundles = new ConcurrentHashMap<>();

  /** The bundle of this model version, loaded on first use. */
  public ModelBundle bundle(ModelVersionRef version) {
    return bundles.computeIfAbsent(version.label(), key -> load(version));
  }

  private static ModelBundle load(ModelVersionRef version) {
    try {
      return ModelBundle.load(LocalArtifacts.path(version.artifact()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model " + version.label(), e);
    }
  }
}
