package io.trainyard.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.RequestIds;
import io.trainyard.audit.AuditEventRecord;
import io.trainyard.audit.AuditEventRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * Writes one audit row per write through the API (start, cancel, approve, reject, alias change,
 * rollback, pipeline registration), including refused ones: who, what, on which target, how it
 * ended, when, and the request id. Append-only.
 */
@Singleton
public class AuditTrail {
  /** The write happened. */
  public static final String OK = "ok";
  /** The write was refused (policy, state); the detail says why. */
  public static final String REFUSED = "refused";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditEventRepository events;
  private final Clock clock;

  public AuditTrail(AuditEventRepository events) {
    this(events, Clock.systemUTC());
  }

  AuditTrail(AuditEventRepository events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * Record that {@code caller} did {@code action} (dotted, such as {@code run.start}) on
   * {@code target} (such as {@code run/abc123}), with details and an outcome.
   */
  public void record(HttpRequest<?> request, Caller caller, String action, String target, Map<String, ?> detail, String outcome) {
    record(RequestIds.of(request), caller, action, target, detail, outcome);
  }

  /**
   * The same, for a write that no HTTP request carries (a schedule's action): {@code requestId} says
   * what did it (the action's workflow id).
   */
  public void record(String requestId, Caller caller, String action, String target, Map<String, ?> detail, String outcome) {
    events.save(new AuditEventRecord(
        null, caller.user(), caller.rolesText(), action, target, json(detail), outcome, requestId, clock.instant()));
  }

  private static String json(Map<String, ?> detail) {
    try {
      return JSON.writeValueAsString(detail == null ? Map.of() : detail);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not serialisable as JSON: " + e.getMessage(), e);
    }
  }
}
