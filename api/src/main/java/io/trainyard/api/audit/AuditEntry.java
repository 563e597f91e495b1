package io.trainyard.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One audit row: who (with the roles the token carried), what on which target, with what details, how it ended, the request id, when. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(
    long id,
    String actor,
    List<String> roles,
    String action,
    String target,
    Map<String, Object> detail,
    String outcome,
    String requestId,
    Instant at) {}
