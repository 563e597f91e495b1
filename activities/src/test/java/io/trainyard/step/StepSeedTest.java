package io.trainyard.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code TRAINYARD_SEED}: a function of the run's seed and the step's name, and of nothing else. */
class StepSeedTest {

  @Test
  void theDerivationIsPinnedSoThatARecordedRunStillReproducesAfterAnUpgrade() {
    assertThat(StepSeed.of(Map.of("seed", 42), "split")).isEqualTo(SPLIT_42);
    assertThat(StepSeed.of(Map.of("seed", 42), "train")).isEqualTo(TRAIN_42);
    assertThat(StepSeed.of(Map.of(), "train")).as("a pipeline without a seed parameter").isEqualTo(TRAIN_UNSEEDED);
  }

  @Test
  void eachStepOfARunGetsItsOwnSeedAndEveryOneChangesWithTheRunsSeed() {
    Set<Long> seeds = new HashSet<>();
    for (long runSeed : List.of(1L, 2L, 42L)) {
      for (String step : List.of("split", "train", "evaluate")) {
        seeds.add(StepSeed.of(Map.of("seed", runSeed), step));
      }
    }
    assertThat(seeds).hasSize(9);
  }

  @Test
  void otherParametersTheRunIdAndTheAttemptDoNotChangeIt() {
    assertThat(StepSeed.of(Map.of("seed", 42, "epochs", 20, "learning_rate", 0.5), "train")).isEqualTo(TRAIN_42);
  }

  @Test
  void aSeedIsOneValueWhateverTypeJsonGaveIt() {
    for (Object spelling : List.of(42, 42L, 42.0, 42.0f, "42", " 42", "42.00", BigInteger.valueOf(42))) {
      assertThat(StepSeed.of(Map.of("seed", spelling), "train")).as(spelling.getClass().getSimpleName() + " " + spelling)
          .isEqualTo(TRAIN_42);
    }
    assertThat(StepSeed.of(Map.of("seed", "forty-two"), "train")).isNotEqualTo(TRAIN_42);
    assertThat(StepSeed.of(Map.of("seed", 42.5), "train")).isNotEqualTo(TRAIN_42);
  }

  @Test
  void seedsSpanTheUnsigned32BitRangeEveryCommonGeneratorTakes() {
    LongSummaryStatistics seeds =
        LongStream.range(0, 2_000).map(s -> StepSeed.of(Map.of("seed", s), "train")).summaryStatistics();
    assertThat(seeds.getMin()).isNotNegative();
    assertThat(seeds.getMax()).isLessThanOrEqualTo(StepSeed.MAX).isGreaterThan(Integer.MAX_VALUE);
  }

  // the first four bytes, big-endian, of sha256("seed 42\nstep split") and so on, computed apart
  // (python3 -c "import hashlib; print(int.from_bytes(hashlib.sha256(b'seed 42\nstep split').digest()[:4], 'big'))")
  private static final long SPLIT_42 = 2_296_958_330L;
  private static final long TRAIN_42 = 768_451_100L;
  private static final long TRAIN_UNSEEDED = 3_511_466_744L;
}
