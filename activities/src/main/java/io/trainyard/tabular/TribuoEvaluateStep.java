package io.trainyard.tabular;

import io.trainyard.step.BuiltinStep;
import io.trainyard.step.InvalidStepInput;
import io.trainyard.step.StepContext;
import jakarta.inject.Singleton;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

/**
 * {@code builtin:tribuo-evaluate}: scores the {@code model} bundle on the {@code holdout} CSV,
 * standardised by the training-time {@code scaler} (not the bundle's serving side), and writes
 * {@code accuracy}, {@code auc}, {@code f1} and {@code holdout_rows}. With {@code with.positive},
 * AUC and F1 are that class's; without it, their macro averages over the classes.
 */
@Singleton
public class TribuoEvaluateStep implements BuiltinStep {

  public static final String NAME = "tribuo-evaluate";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(StepContext context) throws Exception {
    ModelBundle bundle = ModelBundle.load(context.input("model"));
    Scaler scaler = Scaler.read(context.input("scaler"));
    TabularData holdout = TabularData.read(context.input("holdout"), scaler.label());
    LabelEvaluation evaluation =
        new LabelEvaluator()
            .evaluate(bundle.model(), holdout.toDataset(scaler, "holdout", context.input("holdout")));

    String positive = context.with().get("positive");
    double auc;
    double f1;
    if (positive == null) {
      auc = evaluation.averageAUCROC(false);
      f1 = evaluation.macroAveragedF1();
    } else {
      if (!holdout.labels().contains(positive)) {
        throw new InvalidStepInput(
            "with.positive: the holdout has no label '" + positive + "'");
      }
      auc = evaluation.AUCROC(new Label(positive));
      f1 = evaluation.f1(new Label(positive));
    }
    context.writeMetrics(
        Map.of("accuracy", evaluation.accuracy(), "auc", auc, "f1", f1, "holdout_rows", (double) holdout.size()));
  }
}
