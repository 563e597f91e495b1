package io.trainyard.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container logs a {@link KubeletEmulator} keeps, one per pod, as the kubelet keeps them on its
 * node: lines with the time they were written, served by {@link PodLogDispatcher}.
 */
public final class PodLogs {
  private final Map<String, Log> logs = new ConcurrentHashMap<>();

  /** The log of a container that starts now in {@code namespace}/{@code pod}. */
  Log open(String namespace, String pod, String container) {
    Log log = new Log(container);
    logs.put(key(namespace, pod), log);
    return log;
  }

  /** The log of {@code namespace}/{@code pod}, if its container ever started and the pod was not deleted. */
  public Optional<Log> find(String namespace, String pod) {
    return Optional.ofNullable(logs.get(key(namespace, pod)));
  }

  /** Forgets a deleted pod's log. */
  void remove(String namespace, String pod) {
    Log log = logs.remove(key(namespace, pod));
    if (log != null) {
      log.end();
    }
  }

  private static String key(String namespace, String pod) {
    return namespace + "/" + pod;
  }

  /** One line of a container's output, newline included (the last line may lack one). */
  public record Line(Instant time, byte[] bytes) {}

  /** One container's output so far, and whether the container has ended. */
  public static final class Log {
    private final String container;
    private final List<Line> lines = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private Instant partialTime;
    private boolean ended;

    Log(String container) {
      this.container = container;
    }

    /** The container this log belongs to. */
    public String container() {
      return container;
    }

    synchronized void append(byte[] chunk, int length) {
      for (int i = 0; i < length; i++) {
        if (partial.size() == 0) {
          partialTime = Instant.now();
        }
        partial.write(chunk[i]);
        if (chunk[i] == '\n') {
          flushPartial();
        }
      }
      notifyAll();
    }

    synchronized void end() {
      if (partial.size() > 0) {
        flushPartial();
      }
      ended = true;
      notifyAll();
    }

    private void flushPartial() {
      lines.add(new Line(partialTime, partial.toByteArray()));
      partial.reset();
    }

    /** Whether the container has ended: nothing more will be written. */
    public synchronized boolean ended() {
      return ended;
    }

    /** The complete lines written so far (a follower sees a partial line once it is complete or the container ends). */
    public synchronized List<Line> lines() {
      return List.copyOf(lines);
    }

    /** Everything written so far, as text. */
    public String text() {
      StringBuilder text = new StringBuilder();
      lines().forEach(line -> text.append(new String(line.bytes(), StandardCharsets.UTF_8)));
      return text.toString();
    }
  }
}
