package io.trainyard.bench;

import io.trainyard.artifact.ContentDigest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What a run start spends digesting its external inputs: the API digests every file or folder a run
 * reads (not a step output) before it starts the run, so that a reproduction can prove it reads the
 * same bytes ({@code RecordedInputs}, with {@link ContentDigest}). Times that digest on files of
 * growing size and on a folder of many small files, each read once before (the page cache warm, as
 * for a dataset used run after run) and then timed over a few rounds.
 *
 * <p>Run: {@code bench/run inputs [largest MB]} (see docs/benchmarks.md).
 */
public final class InputDigestBench {
  private static final int ROUNDS = 5;

  private InputDigestBench() {}

  public static void main(String[] args) throws IOException {
    int largestMb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    Path folder = Files.createTempDirectory("trainyard-input-digest");
    try {
      System.out.printf(Locale.ROOT, "%-32s %14s %10s%n", "input", "digest ms", "MB/s");
      for (int mb = 1; mb <= largestMb; mb *= 8) {
        Path file = folder.resolve(mb + "mb.csv");
        write(file, (long) mb << 20);
        report(mb + " MB file", file, mb);
      }
      Path many = folder.resolve("many");
      Files.createDirectories(many);
      for (int i = 0; i < 10_000; i++) {
        write(many.resolve("part-" + i + ".csv"), 4096);
      }
      report("folder of 10,000 x 4 KiB files", many, 10_000 * 4096.0 / (1 << 20));
    } finally {
      try (var walk = Files.walk(folder)) {
        for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static void report(String what, Path input, double mb) {
    ContentDigest.of(input);
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      ContentDigest.of(input);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    double median = millis.stream().sorted().toList().get(ROUNDS / 2);
    System.out.printf(Locale.ROOT, "%-32s %14s %10.0f%n", what, Stats.spread(millis, "%.1f"), mb / (median / 1000));
  }

  private static void write(Path file, long bytes) throws IOException {
    Random random = new Random(bytes);
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }
}
