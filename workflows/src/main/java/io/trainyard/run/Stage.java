package io.trainyard.run;

/** The fixed stages of a model run, in order. */
public enum Stage {
  PREPARE,
  TRAIN,
  EVALUATE,
  GATE,
  ROLLOUT,
  DONE
}
