package io.trainyard.api.model;

import io.micronaut.http.HttpRequest;
import io.micronaut.transaction.TransactionOperations;
import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.DnsLabel;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.security.Caller;
import io.trainyard.model.AliasEventRecord;
import io.trainyard.model.AliasEventRepository;
import io.trainyard.model.Aliases;
import io.trainyard.model.ModelAliasRecord;
import io.trainyard.model.ModelAliasRepository;
import io.trainyard.model.ModelVersionRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Setting and deleting custom aliases of a model (such as {@code staging} or {@code champion}).
 * The aliases rollouts manage ({@code production}, {@code previous}, {@code canary}) are refused:
 * they move only with traffic, through a run or a rollback. Each change is recorded in the
 * alias's history with the person who made it, and audited, refused ones too.
 */
@Singleton
public class AliasMoves {
  private static final Set<String> MANAGED = Set.of(Aliases.PRODUCTION, Aliases.PREVIOUS, Aliases.CANARY);

  private final ModelCatalog catalog;
  private final ModelVersionRepository versions;
  private final ModelAliasRepository aliases;
  private final AliasEventRepository aliasEvents;
  private final TransactionOperations<Connection> transactions;
  private final AuditTrail audit;
  private final Clock clock = Clock.systemUTC();

  public AliasMoves(
      ModelCatalog catalog,
      ModelVersionRepository versions,
      ModelAliasRepository aliases,
      AliasEventRepository aliasEvents,
      TransactionOperations<Connection> transactions,
      AuditTrail audit) {
    this.catalog = catalog;
    this.versions = versions;
    this.aliases = aliases;
    this.aliasEvents = aliasEvents;
    this.transactions = transactions;
    this.audit = audit;
  }

  /** Point custom alias {@code alias} of model {@code name} at a version. */
  public AliasView set(HttpRequest<?> request, Caller caller, String name, String alias, AliasRequest body) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("alias", alias);
    detail.put("version", body == null ? null : body.version());
    detail.put("reason", body == null ? null : body.reason());
    try {
      AliasView view = set(caller, name, alias, body);
      audit.record(request, caller, "model.alias.set", "model/" + name, detail, AuditTrail.OK);
      return view;
    } catch (NotFoundException | InvalidInputException e) {
      detail.put("refusal", e.getMessage());
      audit.record(request, caller, "model.alias.set", "model/" + name, detail, AuditTrail.REFUSED);
      throw e;
    }
  }

  /** Remove custom alias {@code alias} of model {@code name}. */
  public void delete(HttpRequest<?> request, Caller caller, String name, String alias) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("alias", alias);
    try {
      int removed = delete(caller, name, alias);
      detail.put("version", removed);
      audit.record(request, caller, "model.alias.delete", "model/" + name, detail, AuditTrail.OK);
    } catch (NotFoundException | InvalidInputException e) {
      detail.put("refusal", e.getMessage());
      audit.record(request, caller, "model.alias.delete", "model/" + name, detail, AuditTrail.REFUSED);
      throw e;
    }
  }

  private AliasView set(Caller caller, String name, String alias, AliasRequest body) {
    catalog.latestVersion(name);
    requireCustom(alias);
    Integer version = body == null ? null : body.version();
    if (version == null || version < 1) {
      throw InvalidInputException.field("version", "expected a version number of model '" + name + "' (1 or more), found " + version);
    }
    if (versions.findByModelAndVersion(name, version).isEmpty()) {
      throw InvalidInputException.field("version", "model '" + name + "' has no version " + version);
    }
    return transactions.executeWrite(status -> {
      Instant at = clock.instant();
      Optional<ModelAliasRecord> current = aliases.findByModelAndAlias(name, alias);
      if (current.isPresent() && current.get().version() == version) {
        return view(current.get());
      }
      ModelAliasRecord moved = current.isPresent()
          ? aliases.update(current.get().movedTo(version, at))
          : aliases.save(new ModelAliasRecord(null, name, alias, version, at));
      aliasEvents.save(new AliasEventRecord(
          null, name, alias, current.map(ModelAliasRecord::version).orElse(null), version, null, body.reason(), at, caller.user()));
      return view(moved);
    });
  }

  private int delete(Caller caller, String name, String alias) {
    catalog.latestVersion(name);
    requireCustom(alias);
    return transactions.executeWrite(status -> {
      ModelAliasRecord current = aliases.findByModelAndAlias(name, alias)
          .orElseThrow(() -> new NotFoundException("model '" + name + "' has no alias '" + alias + "'"));
      aliases.delete(current);
      aliasEvents.save(new AliasEventRecord(
          null, name, alias, current.version(), null, null, "deleted", clock.instant(), caller.user()));
      return current.version();
    });
  }

  private static void requireCustom(String alias) {
    if (MANAGED.contains(alias)) {
      throw InvalidInputException.field("alias",
          "'" + alias + "' is managed by rollouts and moves only with traffic: use a run or POST /v1/models/{name}/rollback");
    }
    if (!DnsLabel.matches(alias)) {
      throw InvalidInputException.field("alias", DnsLabel.EXPECTED + ", found '" + alias + "'");
    }
  }

  private static AliasView view(ModelAliasRecord alias) {
    return new AliasView(alias.alias(), alias.version(), alias.updatedAt());
  }
}
