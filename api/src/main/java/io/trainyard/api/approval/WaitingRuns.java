package io.trainyard.api.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.run.PageCursor;
import io.trainyard.run.GateWaitRecord;
import io.trainyard.run.GateWaitRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runs waiting for a decision, a page at a time, from the registry alone: each run's workflow
 * records what its gate waits for when it starts waiting, and {@link GateDecisions} moves the
 * approvals forward after each accepted decision. The cursor is the (wait start, run id) of the
 * last run of the previous page. Runs whose workflow entered the gate before the workflow recorded
 * what it waits for are not listed.
 */
@Singleton
public class WaitingRuns {
  private static final PageCursor FIRST = new PageCursor(Instant.EPOCH, "");
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

  private final GateWaitRepository gates;

  public WaitingRuns(GateWaitRepository gates) {
    this.gates = gates;
  }

  /** One page of the runs waiting at their gate, longest waiting first. */
  public ApprovalList list(Integer limit, String cursor) {
    List<FieldProblem> errors = new ArrayList<>();
    int size = PageCursor.limit(limit, errors);
    PageCursor after = PageCursor.read(cursor, FIRST, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException("the approval listing has " + errors.size() + " error"
          + (errors.size() == 1 ? "" : "s"), errors);
    }
    List<GateWaitRecord> rows = gates.waiting(after.at(), after.id(), size + 1);
    PageCursor.Slice<GateWaitRecord> page = PageCursor.slice(rows, size, gate -> new PageCursor(gate.waitingSince(), gate.runId()));
    return new ApprovalList(page.rows().stream().map(WaitingRuns::waiting).toList(), page.next());
  }

  private static WaitingApproval waiting(GateWaitRecord gate) {
    List<String> approvedBy = SpecJson.read(gate.approvedByJson(), NAMES);
    return new WaitingApproval(gate.runId(), gate.pipeline(), gate.model(), gate.startedBy(), gate.waitingSince(),
        gate.deadline(), gate.role(), gate.fourEyes(), gate.required(), approvedBy.size(), approvedBy,
        SpecJson.read(gate.metricsJson(), METRICS));
  }
}
