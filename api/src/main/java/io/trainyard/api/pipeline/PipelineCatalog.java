package io.trainyard.api.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpRequest;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.security.Caller;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.pipeline.PipelineVersionRepository;
import io.trainyard.pipeline.PipelineVersions;
import io.trainyard.spec.DocumentLimits;
import io.trainyard.spec.DocumentTooLargeException;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.PipelineVersion;
import io.trainyard.spec.SpecValidationException;
import io.trainyard.spec.StepSpec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The registered pipelines: validates specs with the same strict parser as the CLI, stores each
 * distinct spec once as the pipeline's next version, and answers versions by number or {@code latest}.
 */
@Singleton
public class PipelineCatalog {
  /** The prefix of a digest as the API shows it; the registry keeps the bare hex. */
  public static final String DIGEST_PREFIX = "sha256:";

  /** Where hardware classes are configured, one entry per class. */
  public static final String HARDWARE_PREFIX = "trainyard.hardware";

  /** Trainyard's home, whose files are never a step input. */
  public static final String HOME = "trainyard.home";

  private final PipelineParser parser;
  private final DocumentLimits limits;
  private final ObjectMapper yaml;
  private final PipelineVersions store;
  private final PipelineVersionRepository versions;
  private final AuditTrail audit;
  private final ApplicationEventPublisher<PipelineRegistered> registrations;
  private final Clock clock = Clock.systemUTC();

  public PipelineCatalog(
      Environment environment,
      PipelineVersions store,
      PipelineVersionRepository versions,
      AuditTrail audit,
      ApplicationEventPublisher<PipelineRegistered> registrations) {
    this.limits = PipelineLimits.of(environment);
    this.parser = parser(environment, inputRoots(environment, Path.of(environment.getRequiredProperty(HOME, String.class))));
    this.yaml = new ObjectMapper(limits.yamlFactory());
    this.store = store;
    this.versions = versions;
    this.audit = audit;
    this.registrations = registrations;
  }

  /**
   * The parser of this installation: the hardware classes the workers are configured with
   * ({@code trainyard.hardware.<name>}), the builtin steps they have ({@value StepSpec#BUILTINS_PROPERTY}),
   * step inputs confined to {@code inputs}, and the document limits ({@value PipelineLimits#MAX_DOCUMENT_SIZE}).
   */
  public static PipelineParser parser(PropertyResolver properties, InputRoots inputs) {
    return new PipelineParser(
        new TreeSet<>(properties.getPropertyEntries(HARDWARE_PREFIX)),
        new TreeSet<>(properties.getProperty(StepSpec.BUILTINS_PROPERTY, Argument.listOf(String.class)).orElse(List.of())),
        inputs,
        PipelineLimits.of(properties));
  }

  /** The input roots configured ({@value InputRoots#PROPERTY}) for the home {@code home}. */
  public static InputRoots inputRoots(PropertyResolver properties, Path home) {
    return InputRoots.of(home, properties.getProperty(InputRoots.PROPERTY, Argument.listOf(String.class)).orElse(List.of()));
  }

  /**
   * The validated spec of a document, or {@link SpecValidationException} with every error. A
   * relative input path is an error here: the server does not see the folder of the file it came
   * from ({@code trainyard pipelines register} makes such paths absolute before sending).
   */
  public PipelineSpec parse(String source) {
    return parser.parse(source, "the request body");
  }

  /** Validate without storing. */
  public ValidationResult validate(String source) {
    PipelineSpec spec = parse(source);
    return new ValidationResult(true, spec.name(), DIGEST_PREFIX + PipelineVersion.of(spec));
  }

  /**
   * Store a spec as a new version, or find the version with the same digest; audited either way.
   * When the version is the pipeline's newest, {@link PipelineRegistered} tells what follows it (its
   * schedule); a failure there fails the answer, and registering the same document again retries it.
   */
  public Registered register(HttpRequest<?> request, Caller caller, String source) {
    PipelineSpec spec;
    try {
      spec = parse(source);
    } catch (SpecValidationException e) {
      audit.record(request, caller, "pipeline.register", "pipeline/" + nameIn(source), Map.of(
          "reason", "invalid spec", "errors", e.errors().stream().map(Object::toString).toList()), AuditTrail.REFUSED);
      throw e;
    } catch (DocumentTooLargeException e) {
      refusedRegistration(request, caller, e);
      throw e;
    }
    String digest = PipelineVersion.of(spec);
    PipelineVersions.Stored stored = store.store(new PipelineVersionRecord(
        null, spec.name(), digest, 0, SpecJson.write(spec), clock.instant(), caller.user(),
        spec.metadata().description(), source));
    PipelineVersionRecord version = stored.version();
    audit.record(request, caller, "pipeline.register", "pipeline/" + spec.name(), Map.of(
        "version", version.number(), "digest", DIGEST_PREFIX + digest, "created", stored.created()), AuditTrail.OK);
    if (versions.findMaxNumberByName(spec.name()).orElse(0) == version.number()) {
      PipelineSpec previous = versions.findByNameAndNumber(spec.name(), version.number() - 1)
          .map(v -> SpecJson.spec(v.specJson())).orElse(null);
      registrations.publishEvent(new PipelineRegistered(request, caller, spec, version.number(), previous));
    }
    return new Registered(body(version), stored.created());
  }

  /** Audits a registration refused for its size (its name is unknown: the document was not read). */
  void refusedRegistration(HttpRequest<?> request, Caller caller, DocumentTooLargeException e) {
    audit.record(request, caller, "pipeline.register", "pipeline/unknown", Map.of(
        "reason", "document too large", "size", e.size(), "limit", e.limit()), AuditTrail.REFUSED);
  }

  /** The size limit of a document, and its reader's limits. */
  DocumentLimits limits() {
    return limits;
  }

  /** Every pipeline with its latest version. */
  public PipelineList list() {
    return new PipelineList(versions.findLatestOfEach().stream()
        .map(v -> new PipelineSummary(v.name(), description(v), v.number(), v.number(), v.createdAt()))
        .toList());
  }

  /** One pipeline with its versions. */
  public PipelineDetail pipeline(String name) {
    List<PipelineVersionRecord> all = versions.findByNameOrderByNumberAsc(name);
    if (all.isEmpty()) {
      throw new NotFoundException("no pipeline named '" + name + "'");
    }
    PipelineVersionRecord latest = all.get(all.size() - 1);
    return new PipelineDetail(name, description(latest), latest.number(), latest.createdAt(), all.stream()
        .map(v -> new PipelineDetail.VersionEntry(v.number(), DIGEST_PREFIX + v.version(), v.createdAt(), v.createdBy()))
        .toList());
  }

  /** A version by number, or the latest for {@code null}. */
  public PipelineVersionRecord record(String name, Integer number) {
    if (number == null) {
      return versions.findMaxNumberByName(name)
          .flatMap(n -> versions.findByNameAndNumber(name, n))
          .orElseThrow(() -> new NotFoundException("no pipeline named '" + name + "'"));
    }
    return versions.findByNameAndNumber(name, number)
        .orElseThrow(() -> new NotFoundException(versions.findMaxNumberByName(name).isPresent()
            ? "pipeline '" + name + "' has no version " + number
            : "no pipeline named '" + name + "'"));
  }

  /** A version by its path segment: a number or {@code latest}. */
  public PipelineVersionBody version(String name, String version) {
    return body(record(name, number(version)));
  }

  /** The spec of a stored version by its digest (hex). */
  public PipelineSpec spec(String name, String digest) {
    return versions.findByNameAndVersion(name, digest)
        .map(v -> SpecJson.spec(v.specJson()))
        .orElseThrow(() -> new NotFoundException("pipeline '" + name + "' has no version with digest " + DIGEST_PREFIX + digest));
  }

  /** The number of a version of a pipeline by its digest (hex), when the registry has it. */
  public Integer numberOf(String name, String digest) {
    return versions.findByNameAndVersion(name, digest).map(PipelineVersionRecord::number).orElse(null);
  }

  private static Integer number(String version) {
    if ("latest".equals(version)) {
      return null;
    }
    try {
      int number = Integer.parseInt(version);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidInputException.field("version", "expected a version number (1, 2, ...) or 'latest', got '" + version + "'");
  }

  private static PipelineVersionBody body(PipelineVersionRecord v) {
    return new PipelineVersionBody(v.name(), v.number(), DIGEST_PREFIX + v.version(), v.createdAt(), v.createdBy(),
        description(v), SpecJson.object(v.specJson()), v.source());
  }

  private static String description(PipelineVersionRecord v) {
    return v.description() != null ? v.description() : SpecJson.spec(v.specJson()).metadata().description();
  }

  /** The pipeline a refused document meant, for the audit target: its metadata.name when it has one. */
  private String nameIn(String source) {
    try {
      String name = yaml.readTree(source == null ? "" : source).path("metadata").path("name").asText("");
      return name.isBlank() ? "unknown" : name;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** A stored version and whether this registration added it. */
  public record Registered(PipelineVersionBody version, boolean created) {}
}
