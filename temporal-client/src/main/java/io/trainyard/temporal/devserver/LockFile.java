package io.trainyard.temporal.devserver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file, held against other processes (an OS file lock, released by the OS
 * when its process dies, however it dies) and against other threads of this JVM (which a file lock
 * does not exclude: Java refuses a second lock on the same file in one JVM).
 */
final class LockFile implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock threads;
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(ReentrantLock threads, FileChannel channel, FileLock lock) {
    this.threads = threads;
    this.channel = channel;
    this.lock = lock;
  }

  /** Wait for the lock on {@code file} (created if missing) and hold it until {@link #close()}. */
  static LockFile acquire(Path file) throws IOException {
    Path path = file.toAbsolutePath().normalize();
    Files.createDirectories(path.getParent());
    ReentrantLock threads = IN_THIS_JVM.computeIfAbsent(path, p -> new ReentrantLock());
    threads.lock();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new LockFile(threads, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      threads.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      threads.unlock();
    }
  }
}
