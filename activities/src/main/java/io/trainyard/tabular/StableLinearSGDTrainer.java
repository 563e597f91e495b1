package io.trainyard.tabular;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.provenance.ModelProvenance;

/**
 * Tribuo's linear SGD trainer whose models carry {@link StableProvenance}: Tribuo stamps the
 * training time on the provenance inside {@code train} and offers no other way to set it, so the
 * model is built here, where the trainer hands it its provenance.
 */
final class StableLinearSGDTrainer extends LinearSGDTrainer {

  StableLinearSGDTrainer(
      LabelObjective objective, StochasticGradientOptimiser optimiser, int epochs, int loggingInterval,
      int minibatchSize, long seed) {
    super(objective, optimiser, epochs, loggingInterval, minibatchSize, seed);
  }

  @Override
  protected LinearSGDModel createModel(
      String name,
      ModelProvenance provenance,
      ImmutableFeatureMap featureMap,
      ImmutableOutputInfo<Label> outputInfo,
      LinearParameters parameters) {
    return super.createModel(name, StableProvenance.model(provenance), featureMap, outputInfo, parameters);
  }
}
