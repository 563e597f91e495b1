package io.trainyard.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a step's external inputs (a literal value, not a {@code ${steps...}} reference) may come
 * from: the one rule the API's and the CLI's validation and the step activity all apply
 * (docs/security.md, "What a step may read").
 *
 * <p>An input is allowed when it names a file or folder (a {@code file:} URI or an absolute path;
 * a relative path only against the pipeline's own folder, see {@link #relativeTo}) whose real
 * path, symlinks resolved, lies under one of the allowed roots ({@value #PROPERTY}, default: the
 * home's {@code data/}), has no {@code ..} segment (after percent-decoding) and is not inside
 * Trainyard's home, whose secrets, keys, registry and artifacts are never an input (the home's
 * {@code data/} aside). A folder's links are held to the same rule, since reading the folder follows them.
 */
public final class InputRoots {
  /** The property listing the allowed roots (paths or {@code file:} URIs). */
  public static final String PROPERTY = "trainyard.inputs.allowed-roots";

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private final Path home;
  private final Path homeData;
  private final List<Path> roots;
  private final Path base;

  private InputRoots(Path home, List<Path> roots, Path base) {
    this.home = real(home);
    this.homeData = real(dataOf(home));
    this.roots = roots.stream().map(InputRoots::real).distinct().toList();
    this.base = base;
  }

  /** The roots of a home: those configured, or the home's {@code data/} when none is. */
  public static InputRoots of(Path home, List<String> configured) {
    Path absoluteHome = home.toAbsolutePath().normalize();
    List<Path> roots = new ArrayList<>();
    for (String root : configured == null ? List.<String>of() : configured) {
      if (root != null && !root.isBlank()) {
        roots.add(rootPath(root.trim()));
      }
    }
    if (roots.isEmpty()) {
      roots.add(dataOf(absoluteHome));
    }
    return new InputRoots(absoluteHome, roots, null);
  }

  /** The data folder of a home, allowed by default. */
  public static Path dataOf(Path home) {
    return home.toAbsolutePath().normalize().resolve("data");
  }

  /** These roots and {@code folder}. */
  public InputRoots allowing(Path folder) {
    List<Path> more = new ArrayList<>(roots);
    more.add(folder.toAbsolutePath().normalize());
    return new InputRoots(home, more, base);
  }

  /** These roots and {@code folder}, against which relative paths resolve (the pipeline file's folder). */
  public InputRoots relativeTo(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    return new InputRoots(home, allowing(absolute).roots, absolute);
  }

  /** The allowed roots, real paths. */
  public List<Path> roots() {
    return roots;
  }

  /** Why a literal input value may not be read, or empty when it may. */
  public Optional<String> refusal(String value) {
    try {
      allowed(value);
      return Optional.empty();
    } catch (InputNotAllowedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The real path an input value names, or {@link InputNotAllowedException} saying why it may not be read. */
  public Path allowed(String value) {
    Path path = path(value);
    for (Path element : path) {
      if (element.toString().equals("..")) {
        throw refused(value, "climbs with '..': name the file under an allowed root without '..'");
      }
    }
    Path real = real(path);
    requireInside(value, real, real.equals(path) ? "" : " (it resolves to " + real + ")");
    if (Files.isDirectory(real)) {
      // a folder is read whole, and copying it follows the links inside it
      try (Stream<Path> files = Files.walk(real)) {
        for (Path link : (Iterable<Path>) files.filter(Files::isSymbolicLink)::iterator) {
          Path target = real(link);
          requireInside(value, target, " (its link " + real.relativize(link) + " resolves to " + target + ")");
        }
      } catch (IOException | UncheckedIOException e) {
        throw refused(value, "is a folder that cannot be read whole: " + e.getMessage());
      }
    }
    return real;
  }

  private void requireInside(String value, Path real, String resolved) {
    if (real.startsWith(home) && !real.startsWith(homeData)) {
      throw refused(value, "is inside Trainyard's home " + home + resolved
          + ", which is never an input (only its data/ folder is): use a step output reference for an artifact");
    }
    if (roots.stream().noneMatch(real::startsWith)) {
      throw refused(value, "is outside the allowed input roots" + resolved + " ("
          + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
          + "): move the data under one of them or ask the operator to add its folder to " + PROPERTY);
    }
  }

  private Path path(String value) {
    if (value == null || value.isBlank()) {
      throw refused(value, "is empty: expected a file: URI or a path under an allowed root");
    }
    if (SCHEME.matcher(value).matches()) {
      if (!value.regionMatches(true, 0, "file:", 0, 5)) {
        throw refused(value, "has a scheme Trainyard does not read: inputs are file: URIs or paths under an allowed root");
      }
      try {
        return Path.of(URI.create(value));
      } catch (IllegalArgumentException e) {
        throw refused(value, "is not a file: URI of an absolute path (file:///...)");
      }
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw refused(value, "is not a path");
    }
    if (path.isAbsolute()) {
      return path;
    }
    if (base == null) {
      throw refused(value, "is a path relative to a file the server cannot see: give a URI (file:///...) under an"
          + " allowed root, or register with 'trainyard pipelines register', which resolves it");
    }
    return base.resolve(path);
  }

  private static Path rootPath(String root) {
    try {
      return SCHEME.matcher(root).matches() ? Path.of(URI.create(root)) : Path.of(root).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROPERTY + ": '" + root + "' is not a path or a file: URI", e);
    }
  }

  /** The real path of the longest existing prefix, with the rest appended: a file may not exist yet. */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath();
    Path existing = absolute;
    while (existing != null) {
      try {
        Path real = existing.toRealPath();
        return existing == absolute ? real : real.resolve(existing.relativize(absolute));
      } catch (NoSuchFileException e) {
        existing = existing.getParent();
      } catch (IOException e) {
        return absolute.normalize();
      }
    }
    return absolute.normalize();
  }

  private static InputNotAllowedException refused(String value, String why) {
    return new InputNotAllowedException("'" + value + "' " + why);
  }

  /** An input value that may not be read, and why. */
  public static final class InputNotAllowedException extends RuntimeException {
    InputNotAllowedException(String message) {
      super(message);
    }
  }
}
