package io.trainyard.api.run;

import io.trainyard.api.audit.AuditTrail;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.security.Caller;
import jakarta.inject.Singleton;
import java.util.Map;

/** Cancels a running run through its workflow; a run that has ended cannot be cancelled (409). Audited, refusals too. */
@Singleton
public class RunCancellation {
  private final RunDetails details;
  private final LiveRuns live;
  private final AuditTrail audit;

  public RunCancellation(RunDetails details, LiveRuns live, AuditTrail audit) {
    this.details = details;
    this.live = live;
    this.audit = audit;
  }

  /** Request the cancellation; the run as it stands right after. */
  public Run cancel(String requestId, Caller caller, String runId, String reason) {
    Run run = details.get(runId);
    String why = reason == null || reason.isBlank() ? "cancelled by " + caller.user() : reason;
    if (run.ended() || !live.cancel(run.workflowId())) {
      String refusal = "run " + runId + " has ended (" + run.state() + "); there is nothing to cancel";
      audit.record(requestId, caller, "run.cancel", "run/" + runId, Map.of("reason", why, "refused", refusal), AuditTrail.REFUSED);
      throw new WrongStateException(refusal);
    }
    audit.record(requestId, caller, "run.cancel", "run/" + runId, Map.of("reason", why), AuditTrail.OK);
    return details.get(runId);
  }
}
