package io.trainyard.kubernetes;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.trainyard.step.StepExecutors;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the Kubernetes executor up when the worker starts, in the background: the first step then
 * finds the watches running and the client ready instead of paying for them (a second or more on a
 * cold JVM). An unreachable API server is logged, not fatal: the first step tries again and fails
 * with the reason.
 */
@Singleton
@Requires(property = StepExecutors.PROPERTY, value = KubernetesExecutor.NAME)
class KubernetesWarmUp implements ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesWarmUp.class);

  private final KubernetesExecutor executor;

  KubernetesWarmUp(KubernetesExecutor executor) {
    this.executor = executor;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    Thread warming = new Thread(() -> {
      try {
        executor.warmUp();
        LOG.info("kubernetes executor ready: watching step Jobs in namespace {}", executor.settings().namespace());
      } catch (RuntimeException e) {
        LOG.warn("kubernetes executor could not start its watches yet (the first step tries again): {}", e.toString());
      }
    }, "kubernetes-warm-up");
    warming.setDaemon(true);
    warming.start();
  }
}
