package io.trainyard.api.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of the runs waiting for a decision, longest waiting first; {@code nextCursor} is null on the last page. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApprovalList(List<WaitingApproval> items, @Nullable String nextCursor) {}
