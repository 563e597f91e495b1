package io.trainyard.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A test's Kubernetes cluster: fabric8's mock API server in CRUD mode that also serves pod logs,
 * a client on it, and a {@link KubeletEmulator} running the Jobs of one namespace.
 */
public final class MockCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubeletEmulator kubelet;
  private final String namespace;

  private MockCluster(KubernetesMockServer server, KubernetesClient client, KubeletEmulator kubelet, String namespace) {
    this.server = server;
    this.client = client;
    this.kubelet = kubelet;
    this.namespace = namespace;
  }

  /** A cluster whose containers run as local processes ({@link ContainerRuntime#local()}). */
  public static MockCluster start(String namespace) {
    return start(namespace, ContainerRuntime.local());
  }

  /** A cluster whose containers run through {@code runtime}. */
  public static MockCluster start(String namespace, ContainerRuntime runtime) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    PodLogs logs = new PodLogs();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new LogStreamingWebServer(logs), expectations,
        new PodLogDispatcher(new KubernetesMixedDispatcher(expectations), logs), false);
    server.init();
    KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig().withNamespace(namespace).endConfig());
    try {
      return new MockCluster(server, client, KubeletEmulator.start(client, namespace, runtime, logs), namespace);
    } catch (RuntimeException e) {
      client.close();
      server.destroy();
      throw e;
    }
  }

  /** A client of the API server (plain HTTP, namespace {@link #namespace()} by default). */
  public KubernetesClient client() {
    return client;
  }

  /** The emulated Job controller, scheduler and kubelet. */
  public KubeletEmulator kubelet() {
    return kubelet;
  }

  /** The mock API server (expectations can still be recorded on it; they win over CRUD and logs). */
  public KubernetesMockServer server() {
    return server;
  }

  /** The API server's URL, for a client the code under test builds itself (plain HTTP, no credentials). */
  public String masterUrl() {
    return server.url("/").toString();
  }

  /** The namespace the emulator runs Jobs in. */
  public String namespace() {
    return namespace;
  }

  /** Stops the emulator (killing running containers), the client and the server. */
  @Override
  public void close() {
    kubelet.close();
    client.close();
    server.destroy();
  }
}
