package io.trainyard.api.dataset;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.DnsLabel;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.run.PageCursor;
import io.trainyard.api.security.Caller;
import io.trainyard.dataset.DatasetVersionKey;
import io.trainyard.dataset.DatasetVersionRecord;
import io.trainyard.dataset.DatasetVersionRepository;
import io.trainyard.dataset.DatasetVersions;
import io.trainyard.registry.NextNumber;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of datasets: each version is a URI and the digest of the data there, numbered 1, 2,
 * ... per dataset, with who pushed it and when. A digest is one version of a dataset: pushing it
 * again answers the version it already is. Every push is audited ({@value #PUSH}), refused ones too.
 */
@Singleton
public class DatasetCatalog {
  /** The audit action of a push. */
  public static final String PUSH = "dataset.push";

  private static final PageCursor FIRST = new PageCursor(Instant.parse("9999-12-31T00:00:00Z"), Integer.toString(Integer.MAX_VALUE));

  private final DatasetVersions store;
  private final DatasetVersionRepository versions;
  private final DatasetSubscriptions subscriptions;
  private final AuditTrail audit;

  public DatasetCatalog(DatasetVersions store, DatasetVersionRepository versions, DatasetSubscriptions subscriptions,
      AuditTrail audit) {
    this.store = store;
    this.subscriptions = subscriptions;
    this.versions = versions;
    this.audit = audit;
  }

  /**
   * Store {@code body} as the next version of dataset {@code name} for {@code caller}, or find the
   * version with its digest (then the stored URI and metadata are those of the first push); audited
   * either way, and when refused ({@link InvalidInputException} naming every field at fault).
   */
  public Pushed push(HttpRequest<?> request, Caller caller, String name, @Nullable DatasetPush body) {
    DatasetPush push = body == null ? new DatasetPush(null, null, null) : body;
    String target = "dataset/" + (DnsLabel.matches(name) ? name : "unknown");
    DatasetPushRules.Checked checked;
    try {
      checked = DatasetPushRules.check(name, push);
    } catch (InvalidInputException e) {
      audit.record(request, caller, PUSH, target, Map.of("refusal", e.getMessage(),
          "errors", e.errors().stream().map(p -> p.field() + ": " + p.message()).toList()), AuditTrail.REFUSED);
      throw e;
    }
    NextNumber.Stored<DatasetVersionRecord> stored = store.store(DatasetVersionRecord.of(
        name, checked.uri(), checked.digest(), SpecJson.write(checked.metadata()), caller.user()));
    DatasetVersion version = DatasetVersion.of(stored.version());
    // a push of the newest version again hands it to the triggers again: the push that stored it
    // may have failed before they had it (their runs are keyed on the version, so none starts twice)
    boolean newest = stored.created() || versions.findMaxVersionByName(name).orElse(0) == version.version();
    version = version.withTriggers(newest ? subscriptions.pushed(version) : List.of());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("version", version.version());
    detail.put("digest", version.digest());
    detail.put("uri", checked.uri());
    detail.put("created", stored.created());
    detail.put("triggers", version.triggers().stream().map(t -> t.pipeline() + ": " + t.outcome()).toList());
    audit.record(request, caller, PUSH, target, detail, AuditTrail.OK);
    return new Pushed(version, stored.created());
  }

  /** Every dataset with its latest version, by name. */
  public DatasetList list() {
    return new DatasetList(versions.findLatestOfEach().stream()
        .map(v -> new DatasetSummary(v.id().name(), v.id().version(), v.id().version(), v.sha256(), v.createdAt()))
        .toList());
  }

  /** One page of a dataset's versions, newest first, or {@link InvalidInputException} naming a bad {@code limit} or {@code cursor}. */
  public DatasetVersionPage versions(String name, @Nullable Integer limit, @Nullable String cursor) {
    List<FieldProblem> errors = new ArrayList<>();
    int size = PageCursor.limit(limit, errors);
    PageCursor after = PageCursor.read(cursor, FIRST, errors);
    int afterVersion = after.number(Integer.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException("the version listing has " + errors.size() + " error"
          + (errors.size() == 1 ? "" : "s"), errors);
    }
    List<DatasetVersionRecord> rows = versions.page(name, after.at(), afterVersion, size + 1);
    if (rows.isEmpty() && versions.findMaxVersionByName(name).isEmpty()) {
      throw unknown(name);
    }
    PageCursor.Slice<DatasetVersionRecord> page = PageCursor.slice(rows, size, v -> new PageCursor(v.createdAt(), Integer.toString(v.id().version())));
    return new DatasetVersionPage(page.rows().stream().map(DatasetVersion::of).toList(), page.next());
  }

  /** One version of a dataset. */
  public DatasetVersion version(String name, int version) {
    return versions.findById(new DatasetVersionKey(name, version)).map(DatasetVersion::of)
        .orElseThrow(() -> versions.findMaxVersionByName(name).isPresent()
            ? new NotFoundException("dataset '" + name + "' has no version " + version)
            : unknown(name));
  }

  private static NotFoundException unknown(String name) {
    return new NotFoundException("no dataset named '" + name + "'");
  }

  /** A stored version and whether this push stored it ({@code 201}) or found it ({@code 200}). */
  public record Pushed(DatasetVersion version, boolean created) {}
}
