package io.trainyard.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sha256 of data on disk, the one definition the artifact store (what a step read and wrote) and
 * the API (whether the bytes under a run's input changed since) share: of a file, its bytes; of a
 * directory, a sha256 over its sorted (relative path, file sha256) list, so equal trees have equal
 * digests wherever they are.
 */
public final class ContentDigest {
  private ContentDigest() {}

  /** The hex sha256 of a file or a directory tree. */
  public static String of(Path path) {
    if (!Files.isDirectory(path)) {
      return ofFile(path);
    }
    MessageDigest tree = sha256();
    try (Stream<Path> files = Files.walk(path)) {
      List<Path> regular =
          files
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(p -> relative(path, p)))
              .toList();
      for (Path file : regular) {
        String line = relative(path, file) + "\0" + ofFile(file) + "\n";
        tree.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read directory " + path, e);
    }
    return HexFormat.of().formatHex(tree.digest());
  }

  /** A fresh sha256 message digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  private static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace('\\', '/');
  }

  private static String ofFile(Path file) {
    MessageDigest md = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
