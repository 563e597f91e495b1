package io.trainyard.artifact;

import io.temporal.failure.ApplicationFailure;
import io.trainyard.failure.FailureTypes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A content-addressed artifact store on the local filesystem: each artifact lives at {@code
 * <root>/sha256/<digest>/<name>} and is referenced by a {@code file:} URI plus its sha256 digest.
 */
@Singleton
public class ArtifactStore {
  private static final String TEMP = "tmp";

  private final Path root;
  /** "digest path" pairs already verified by this process: verifying a large model once is enough. */
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  public ArtifactStore(TrainyardHome home) {
    this.root = home.artifacts();
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  /** Copy a file or a whole directory into the store under {@code name}. */
  public ArtifactRef put(Path source, String name) {
    return put(source, name, false);
  }

  /**
   * Store a file or a whole directory under {@code name}; with {@code allowMove} the source may be
   * moved instead of copied (it is gone afterwards). Writing is atomic: a crash leaves at most a
   * temporary directory, never a half-written artifact; an artifact already stored is reused.
   */
  public ArtifactRef put(Path source, String name, boolean allowMove) {
    requireName(name);
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("cannot store '" + source + "': it does not exist");
    }
    String digest = digest(source);
    Path target = root.resolve("sha256").resolve(digest).resolve(name);
    try {
      if (!Files.exists(target)) {
        write(source, target, allowMove);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store '" + source + "' at " + target, e);
    }
    verified.add(digest + " " + target);
    return new ArtifactRef(target.toUri().toString(), digest);
  }

  /**
   * The local path of an artifact ({@code file:} URI or absolute path). When the reference carries
   * a digest, the content is checked against it once per process; a mismatch is a non-retryable
   * {@link FailureTypes#DIGEST_MISMATCH}.
   */
  public Path localPath(ArtifactRef ref) {
    Path path = toPath(ref.uri());
    if (!Files.exists(path)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "artifact " + ref.uri() + " does not exist", FailureTypes.STEP_MISCONFIGURED);
    }
    if (ref.sha256() != null && !verified.contains(ref.sha256() + " " + path)) {
      String actual = digest(path);
      if (!actual.equals(ref.sha256())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "artifact " + ref.uri() + " has sha256 " + actual + " but " + ref.sha256() + " was recorded",
            FailureTypes.DIGEST_MISMATCH);
      }
      verified.add(ref.sha256() + " " + path);
    }
    return path;
  }

  /**
   * Bring external data (a {@code file:} URI or a local path, relative ones against the working
   * directory) into the store, so that lineage records a digest of the data actually used.
   */
  public ArtifactRef ingest(String uriOrPath) {
    Path path = toPath(uriOrPath);
    if (!Files.exists(path)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "input " + uriOrPath + " does not exist", FailureTypes.STEP_MISCONFIGURED);
    }
    return put(path, path.getFileName().toString());
  }

  /**
   * The sha256 of a file, or of a directory: a sha256 over its sorted (relative path, file sha256)
   * list, so equal trees have equal digests wherever they are.
   */
  public static String digest(Path path) {
    return ContentDigest.of(path);
  }

  private void write(Path source, Path target, boolean allowMove) throws IOException {
    Path staging = root.resolve(TEMP).resolve(UUID.randomUUID().toString());
    Files.createDirectories(staging);
    try {
      Path staged = staging.resolve(target.getFileName().toString());
      if (!(allowMove && tryMove(source, staged))) {
        copy(source, staged);
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // another attempt stored the same content first: equal digests, equal bytes
      }
    } finally {
      deleteTree(staging);
    }
  }

  private static boolean tryMove(Path source, Path staged) throws IOException {
    try {
      Files.move(source, staged, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (AtomicMoveNotSupportedException otherFilesystem) {
      return false;
    }
  }

  private static void copy(Path source, Path staged) throws IOException {
    if (!Files.isDirectory(source)) {
      Files.copy(source, staged);
      return;
    }
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path to = staged.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
  }

  /** Delete a directory tree (or a file); absent is fine. */
  public static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private static Path toPath(String uriOrPath) {
    if (uriOrPath == null || uriOrPath.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "artifact reference is empty: expected a file: URI or a path", FailureTypes.STEP_MISCONFIGURED);
    }
    if (uriOrPath.startsWith("file:")) {
      return Path.of(URI.create(uriOrPath));
    }
    if (uriOrPath.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "artifact " + uriOrPath + ": only file: URIs and local paths are supported",
          FailureTypes.STEP_MISCONFIGURED);
    }
    return Path.of(uriOrPath).toAbsolutePath().normalize();
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "artifact name '" + name + "' is not valid: expected a single path segment");
    }
  }

  /** A fresh sha256 message digest. */
  public static MessageDigest sha256() {
    return ContentDigest.sha256();
  }
}
