package io.trainyard.tabular;

import io.trainyard.step.BuiltinStep;
import io.trainyard.step.InvalidStepInput;
import io.trainyard.step.StepContext;
import jakarta.inject.Singleton;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * {@code builtin:tribuo-train}: trains a Tribuo logistic regression (log loss, AdaGrad) on the
 * {@code train} CSV standardised by {@code scaler}, and writes the {@code model} bundle. Parameters:
 * {@code learning_rate}, {@code epochs}, and {@code serving_scaling}: {@code none} ships a bundle
 * whose serving side skips the scaling the model was trained with (a deliberate training/serving
 * skew that offline evaluation cannot see). The shuffle and the initial weights are seeded by
 * {@code with.seed}, else the step's {@code TRAINYARD_SEED}. Equal inputs, parameters and seed give
 * a byte-identical bundle: the model's provenance records no time, path or machine ({@link
 * StableProvenance}).
 */
@Singleton
public class TribuoTrainStep implements BuiltinStep {

  public static final String NAME = "tribuo-train";

  /** Tribuo logs every this many SGD iterations; -1 turns that off. */
  private static final int NO_LOGGING = -1;

  private static final int MINIBATCH = 1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(StepContext context) throws Exception {
    Map<String, Object> params = context.params();
    double learningRate = StepSettings.number(params, "learning_rate", 0.5);
    long epochs = StepSettings.integer(params, "epochs", 20);
    long seed = StepSettings.seed(context);
    Scaling servingScaling = Scaling.parse("params.serving_scaling", params.getOrDefault("serving_scaling", "standard"));
    if (!(learningRate > 0)) {
      throw new InvalidStepInput("params.learning_rate: expected a positive number, found " + learningRate);
    }
    if (epochs < 1 || epochs > 100_000) {
      throw new InvalidStepInput("params.epochs: expected 1 to 100000, found " + epochs);
    }

    Scaler scaler = Scaler.read(context.input("scaler"));
    TabularData data = TabularData.read(context.input("train"), scaler.label());
    MutableDataset<Label> dataset = data.toDataset(scaler, "train", context.input("train"));

    context.heartbeat().accept(Map.of("phase", "training", "epochs", epochs));
    LinearSGDTrainer trainer =
        new StableLinearSGDTrainer(
            new LogMulticlass(), new AdaGrad(learningRate), (int) epochs, NO_LOGGING, MINIBATCH, seed);
    Model<Label> model = trainer.train(dataset);
    context.heartbeat().accept(Map.of("phase", "trained"));

    ServingSpec serving =
        new ServingSpec(
            data.features(), data.label(), servingScaling, servingScaling == Scaling.STANDARD ? scaler : null);
    new ModelBundle(model, serving).save(context.output("model"));
    double trainAccuracy = new LabelEvaluator().evaluate(model, dataset).accuracy();
    context.writeMetrics(Map.of("train_rows", (double) data.size(), "train_accuracy", trainAccuracy));
  }
}
