package io.trainyard.api.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The runs waiting for a decision, longest waiting first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApprovalList(List<WaitingApproval> items) {}
