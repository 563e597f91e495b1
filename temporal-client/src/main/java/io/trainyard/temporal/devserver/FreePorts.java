package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports nothing listens on, for servers started on ports of the caller's choosing (test
 * stacks, benchmarks). They are taken below the kernel's ephemeral range (Linux: 32768-60999),
 * where a busy machine's outgoing connections take theirs: a port {@code new ServerSocket(0)} found
 * free came from that range and was often taken again before the server bound it ("address already
 * in use"). Each JVM walks the range from a random place, so that concurrent JVMs rarely meet.
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

  private FreePorts() {}

  /** A port on the loopback interface that could be bound just now. */
  public static int next() {
    for (int tried = 0; tried < COUNT; tried++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // listened on, or in TIME_WAIT: the next one
      }
    }
    throw new UncheckedIOException(new IOException("no free loopback port in " + FIRST + "-" + (FIRST + COUNT - 1)));
  }
}
