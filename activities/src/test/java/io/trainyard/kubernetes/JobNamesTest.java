package io.trainyard.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobNamesTest {
  private static final String DNS_1123 = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

  @Test
  void shortNamesAreReadableAndStable() {
    assertThat(JobNames.job("breast-cancer-7", "train", 1)).isEqualTo("ty-breast-cancer-7-train-1");
    assertThat(JobNames.job("breast-cancer-7", "train", 1)).isEqualTo(JobNames.job("breast-cancer-7", "train", 1));
    assertThat(JobNames.job("breast-cancer-7", "train", 2)).isNotEqualTo(JobNames.job("breast-cancer-7", "train", 1));
  }

  @Test
  void longOrUnusualNamesAreHashedValidAndDistinct() {
    String run = "Breast_Cancer-" + "0123456789abcdef".repeat(5);
    String a = JobNames.job(run, "train", 1);
    String b = JobNames.job(run + "x", "train", 1);
    String c = JobNames.job("my_run", "train", 1);
    String d = JobNames.job("my-run", "train", 1);
    assertThat(a).hasSizeLessThanOrEqualTo(63).matches(DNS_1123).startsWith("ty-breast-cancer-");
    assertThat(b).hasSizeLessThanOrEqualTo(63).matches(DNS_1123).isNotEqualTo(a);
    assertThat(c).matches(DNS_1123).isNotEqualTo(d);
    assertThat(JobNames.job(run, "train", 1)).isEqualTo(a);
  }

  @Test
  void labelValuesAreSanitised() {
    assertThat(JobNames.labelValue("train")).isEqualTo("train");
    assertThat(JobNames.labelValue("run/7:x")).matches(LABEL_VALUE).startsWith("run-7-x-");
    assertThat(JobNames.labelValue("_" + "a".repeat(80) + "_")).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
    assertThat(JobNames.labelValue("///")).hasSize(10).matches(LABEL_VALUE);
  }

  @Test
  void everyObjectCarriesTheAppRunStepAndAttempt() {
    assertThat(JobNames.labels("r1", "train", 3, "gpu-a100")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "app.kubernetes.io/name", "trainyard",
        "app.kubernetes.io/component", "step",
        "app.kubernetes.io/managed-by", "trainyard",
        "trainyard.io/run", "r1",
        "trainyard.io/step", "train",
        "trainyard.io/attempt", "3",
        "trainyard.io/hardware", "gpu-a100"));
  }
}
