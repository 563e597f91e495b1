package io.trainyard.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A page of the audit trail, newest first; {@code nextCursor} fetches the next (older) page, null on the last. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditPage(List<AuditEntry> items, @Nullable String nextCursor) {}
