package io.trainyard.api.run;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micronaut.core.annotation.Nullable;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.artifact.ContentDigest;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.Reference;
import io.trainyard.spec.StepSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A run's external inputs as its start read them ({@code "<step>.<input>"} to the URI and the sha256 of
 * the bytes under it), kept on the start request, and the check that a reproduction reads the bytes
 * its original read. Only files and folders are inputs (the input roots allow nothing else); one that
 * does not exist when the run starts is not recorded (its step fails reading it).
 */
final class RecordedInputs {
  private static final TypeReference<Map<String, ArtifactRef>> STORED = new TypeReference<>() {};

  private RecordedInputs() {}

  /** The external inputs of a resolved spec (dataset inputs read as their URIs): {@code "<step>.<input>"} to the URI. */
  static Map<String, String> of(PipelineSpec spec) {
    Map<String, String> external = new TreeMap<>();
    for (StepSpec step : spec.allSteps()) {
      step.inputs().forEach((name, value) -> {
        if (Reference.whole(value).filter(r -> r.kind() == Reference.Kind.STEP_OUTPUT).isEmpty()) {
          external.put(step.name() + "." + name, value);
        }
      });
    }
    return external;
  }

  /** The external inputs of a resolved spec that the API can read, digested now. */
  static Map<String, ArtifactRef> digest(PipelineSpec spec) {
    Map<String, ArtifactRef> digested = new TreeMap<>();
    of(spec).forEach((input, uri) -> path(uri).filter(Files::exists)
        .ifPresent(path -> digested.put(input, new ArtifactRef(uri, ContentDigest.of(path)))));
    return digested;
  }

  /** The JSON kept on the start request. */
  static String write(Map<String, ArtifactRef> inputs) {
    return SpecJson.write(inputs);
  }

  /**
   * Refuse a reproduction of {@code original} whose inputs ({@code spec}'s), read {@code now}, are not
   * the bytes the original read ({@code recorded}, its start request's), or were not digested then
   * (the API could not read them): each input at fault is named, as {@code inputs.<step>.<input>}.
   */
  static void requireUnchanged(String original, @Nullable String recorded, PipelineSpec spec, Map<String, ArtifactRef> now) {
    if (recorded == null) {
      throw new WrongStateException("run " + original + " recorded no digests of its inputs (it started before runs"
          + " recorded them): a reproduction could not prove it reads the same data; nothing was started");
    }
    List<FieldProblem> changed = new ArrayList<>();
    Map<String, ArtifactRef> read = SpecJson.read(recorded, STORED);
    of(spec).forEach((input, uri) -> {
      if (!read.containsKey(input)) {
        changed.add(new FieldProblem("inputs." + input, uri + " was not digested when run " + original
            + " started (the API could not read it), so its bytes cannot be proven the same"));
      }
    });
    read.forEach((input, then) -> {
      ArtifactRef current = now.get(input);
      if (current == null) {
        changed.add(new FieldProblem("inputs." + input, then.uri() + " no longer exists (run " + original
            + " read sha256:" + then.sha256() + ")"));
      } else if (!current.sha256().equals(then.sha256())) {
        changed.add(new FieldProblem("inputs." + input, "the bytes under " + then.uri() + " changed since run " + original
            + " read them: sha256:" + then.sha256() + " then, sha256:" + current.sha256() + " now"));
      }
    });
    if (!changed.isEmpty()) {
      throw new InvalidInputException("the data under " + changed.size() + " input" + (changed.size() == 1 ? "" : "s")
          + " of run " + original + " changed since it ran or was never digested, so it cannot be reproduced;"
          + " nothing was started", changed);
    }
  }

  private static Optional<Path> path(String value) {
    try {
      if (value.startsWith("file:")) {
        return Optional.of(Path.of(URI.create(value)));
      }
      Path path = Path.of(value);
      return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    } catch (IllegalArgumentException e) {
      // not a URI or a path (InvalidPathException is one): nothing on disk to digest
      return Optional.empty();
    }
  }
}
