package io.trainyard.step;

import io.trainyard.artifact.ArtifactStore;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A step's {@code TRAINYARD_SEED}: a whole number from 0 to {@value #MAX} derived from the run's
 * {@value #PARAMETER} parameter and the step's name (the first four bytes of a sha256 over both), so
 * that each step of a run gets its own seed, the same in every run with the same seed, whichever
 * executor runs it and however often it is retried. Without a {@value #PARAMETER} parameter the
 * seed derives from the step's name alone: still the same in every run.
 */
public final class StepSeed {

  /** The run parameter the seed derives from. */
  public static final String PARAMETER = "seed";

  /**
   * The largest seed, 2^32 - 1: the range every common generator takes (numpy's {@code
   * RandomState}, scikit-learn's {@code random_state}, {@code torch.manual_seed}, {@code
   * java.util.Random}).
   */
  public static final long MAX = 0xFFFF_FFFFL;

  private StepSeed() {}

  /** The seed of step {@code step} in a run with these parameters. */
  public static long of(Map<String, ?> params, String step) {
    Object seed = params.get(PARAMETER);
    String derivedFrom = (seed == null ? "" : "seed " + canonical(seed) + "\n") + "step " + step;
    byte[] hash = ArtifactStore.sha256().digest(derivedFrom.getBytes(StandardCharsets.UTF_8));
    return Integer.toUnsignedLong(ByteBuffer.wrap(hash).getInt());
  }

  /**
   * One spelling per value: a seed that went through JSON (42 as an int, a long or 42.0) or was given
   * as text ("42") derives the same step seeds.
   */
  private static String canonical(Object seed) {
    try {
      return new BigDecimal(seed.toString().trim()).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException notANumber) {
      return seed.toString();
    }
  }
}
