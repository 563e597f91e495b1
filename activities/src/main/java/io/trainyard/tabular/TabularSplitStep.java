package io.trainyard.tabular;

import io.trainyard.step.BuiltinStep;
import io.trainyard.step.InvalidStepInput;
import io.trainyard.step.StepContext;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * {@code builtin:tabular-split}: splits the CSV input {@code data} into {@code train} and {@code
 * holdout} CSVs, stratified by the label column ({@code with.label}) with a seeded shuffle, and
 * writes the standardisation statistics of the train part as {@code scaler}. Settings: {@code
 * label} (required), {@code holdout_fraction} (default 0.2), {@code seed} (default the step's
 * {@code TRAINYARD_SEED}).
 */
@Singleton
public class TabularSplitStep implements BuiltinStep {

  public static final String NAME = "tabular-split";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(StepContext context) throws Exception {
    String label = StepSettings.required(context.with(), "label");
    double fraction = StepSettings.number(context.with(), "holdout_fraction", 0.2);
    if (!(fraction > 0 && fraction < 1)) {
      throw new InvalidStepInput(
          "with.holdout_fraction: expected a number between 0 and 1 (exclusive), found " + fraction);
    }
    long seed = StepSettings.seed(context);
    context.heartbeat().accept(Map.of("phase", "reading"));
    TabularData data = TabularData.read(context.input("data"), label);

    List<Integer> train = new ArrayList<>();
    List<Integer> holdout = new ArrayList<>();
    Random random = new Random(seed);
    for (List<Integer> stratum : strata(data).values()) {
      Collections.shuffle(stratum, random);
      int held = (int) Math.round(stratum.size() * fraction);
      holdout.addAll(stratum.subList(0, held));
      train.addAll(stratum.subList(held, stratum.size()));
    }
    if (train.isEmpty() || holdout.isEmpty()) {
      throw new InvalidStepInput(
          "with.holdout_fraction " + fraction + " leaves an empty part of " + data.size() + " rows");
    }
    // the original row order within each part keeps the outputs easy to compare
    Collections.sort(train);
    Collections.sort(holdout);
    TabularData trainPart = data.select(train);
    trainPart.write(context.output("train"));
    data.select(holdout).write(context.output("holdout"));
    Scaler.fit(trainPart).write(context.output("scaler"));
    context.writeMetrics(Map.of("rows_train", (double) train.size(), "rows_holdout", (double) holdout.size()));
  }

  /** Row indices per label, labels in sorted order so that the seeded shuffle is reproducible. */
  private static Map<String, List<Integer>> strata(TabularData data) {
    Map<String, List<Integer>> strata = new TreeMap<>();
    for (int i = 0; i < data.size(); i++) {
      strata.computeIfAbsent(data.labels().get(i), l -> new ArrayList<>()).add(i);
    }
    return strata;
  }
}
