package io.trainyard.kubernetes;

import static io.trainyard.kubernetes.JobFixtures.GPU_A100;
import static io.trainyard.kubernetes.JobFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** A Job from {@link JobSpecs} as fabric8's API server in CRUD mode stores and returns it. */
@EnableKubernetesMockClient(crud = true)
class JobSpecsMockServerTest {
  KubernetesClient client;

  @Test
  void jobRoundTripsWithGpuLimitsSelectorAndTolerations() {
    Job built = JobSpecs.job(JobFixtures.train("run-1", 1, GPU_A100), SETTINGS);
    client.batch().v1().jobs().inNamespace(SETTINGS.namespace()).resource(built).create();

    Job stored = client.batch().v1().jobs().inNamespace(SETTINGS.namespace()).withName("ty-run-1-train-1").get();
    assertThat(stored).isNotNull();
    PodSpec pod = stored.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"));
    assertThat(pod.getNodeSelector()).isEqualTo(built.getSpec().getTemplate().getSpec().getNodeSelector());
    assertThat(pod.getTolerations()).isEqualTo(built.getSpec().getTemplate().getSpec().getTolerations());
    assertThat(stored.getSpec().getPodFailurePolicy()).isEqualTo(built.getSpec().getPodFailurePolicy());
    assertThat(client.batch().v1().jobs().inNamespace(SETTINGS.namespace())
        .withLabel(JobNames.RUN_LABEL, "run-1").withLabel(JobNames.ATTEMPT_LABEL, "1").list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactly("ty-run-1-train-1");
  }

  @Test
  void secondCreateOfTheSameAttemptConflicts() {
    // a replayed activity builds the same Job again: the API server refuses it, so the executor must adopt
    client.batch().v1().jobs().inNamespace(SETTINGS.namespace())
        .resource(JobSpecs.job(JobFixtures.train("run-2", 1, GPU_A100), SETTINGS)).create();
    Job replayed = JobSpecs.job(JobFixtures.train("run-2", 1, GPU_A100), SETTINGS);
    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(SETTINGS.namespace()).resource(replayed).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.batch().v1().jobs().inNamespace(SETTINGS.namespace()).withLabel(JobNames.RUN_LABEL, "run-2").list().getItems())
        .hasSize(1);
  }
}
