package io.trainyard.bench;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.trainyard.kubernetes.MockCluster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When the mock API server received the status writes of the emulated cluster (nanoTime, taken as
 * the server hands each request over), pods' and Jobs' apart. The bodies cannot be read here (reading
 * empties them under the server's dispatcher), so a write is told by its order: for one pod, the
 * kubelet emulator writes Pending (scheduled), then Running, then how it ended; the first Job status
 * write after the container exited is the Job controller's {@code Complete}.
 */
final class ServerLog implements AutoCloseable {
  /** One status write, of a {@code pod} or a {@code job}. */
  record Write(String kind, long at) {}

  private final List<Write> writes = new CopyOnWriteArrayList<>();
  private final Thread drain;

  ServerLog(MockCluster cluster) {
    drain = new Thread(() -> {
      try {
        while (true) {
          RecordedRequest request = cluster.server().takeRequest();
          long at = System.nanoTime();
          String path = request.getPath();
          if ("PUT".equals(request.getMethod()) && path != null && path.contains("/status")) {
            writes.add(new Write(path.contains("/pods/") ? "pod" : "job", at));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-server-log");
    drain.setDaemon(true);
    drain.start();
  }

  /** Forget the writes so far (between steps, each of which runs one pod). */
  void clear() {
    writes.clear();
  }

  /** When the pod's status became Running (its second status write since {@link #clear}); -1 if not yet. */
  long running() {
    List<Write> pods = writes.stream().filter(w -> w.kind().equals("pod")).toList();
    return pods.size() < 2 ? -1 : pods.get(1).at();
  }

  /** When the first Job status write at or after {@code after} was received; -1 if none. */
  long jobWrite(long after) {
    return writes.stream().filter(w -> w.kind().equals("job") && w.at() >= after).mapToLong(Write::at).min().orElse(-1);
  }

  @Override
  public void close() {
    drain.interrupt();
  }
}
