package io.trainyard.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.trainyard.step.StepExecutors;
import jakarta.inject.Singleton;

/**
 * The Kubernetes client of a worker that runs steps as Jobs, configured the way fabric8 finds a
 * cluster: the pod's service account in a cluster, else {@code KUBECONFIG} / {@code ~/.kube/config},
 * else {@code KUBERNETES_MASTER} and the other {@code kubernetes.*} system properties.
 */
@Factory
@Requires(property = StepExecutors.PROPERTY, value = KubernetesExecutor.NAME)
public class KubernetesClientFactory {

  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }
}
