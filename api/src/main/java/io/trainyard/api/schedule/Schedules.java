package io.trainyard.api.schedule;

import io.micronaut.http.HttpRequest;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.trainyard.api.audit.AuditTrail;
import io.micronaut.runtime.event.annotation.EventListener;
import io.trainyard.api.pipeline.PipelineCatalog;
import io.trainyard.api.pipeline.PipelineRegistered;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.FieldProblem;
import io.trainyard.api.problem.InvalidInputException;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.api.problem.WrongStateException;
import io.trainyard.api.run.LiveRuns;
import io.trainyard.api.security.Caller;
import io.trainyard.schedule.ScheduledRun;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.ScheduleSpec;
import io.trainyard.spec.SpecError;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pipelines' retraining schedules, kept by Temporal as Schedules (one per pipeline, id
 * {@code trainyard-<pipeline>}); every change is audited, refused ones too.
 */
@Singleton
public class Schedules {
  /** The memo key under which a schedule keeps who created it. */
  static final String CREATED_BY = "trainyard.createdBy";

  private final ScheduleClient temporal;
  private final PipelineCatalog catalog;
  private final AuditTrail audit;

  public Schedules(@Named(TemporalFactory.API) ScheduleClient temporal, PipelineCatalog catalog, AuditTrail audit) {
    this.temporal = temporal;
    this.catalog = catalog;
    this.audit = audit;
  }

  /** Create the schedule of a pipeline. */
  public PipelineSchedule create(HttpRequest<?> request, Caller caller, ScheduleRequest body) {
    String pipeline = body == null ? null : body.pipeline();
    String id = pipeline == null ? "unknown" : ScheduleSpec.scheduleId(pipeline);
    return audited(request, caller, "schedule.create", id, Map.of("pipeline", String.valueOf(pipeline)), () -> {
      if (pipeline == null || pipeline.isBlank()) {
        throw InvalidInputException.field("pipeline", "is required: the name of a registered pipeline");
      }
      ScheduleSpec schedule = checked(pipeline, body.schedule());
      try {
        temporal.createSchedule(id, ScheduleDefinition.of(new ScheduledRun(id, pipeline, schedule)),
            ScheduleOptions.newBuilder().setMemo(Map.of(CREATED_BY, caller.user())).build());
      } catch (ScheduleAlreadyRunningException e) {
        throw new WrongStateException("pipeline '" + pipeline + "' has a schedule already ('" + id
            + "'): change it with PUT /v1/schedules/" + id);
      }
      return describe(id);
    });
  }

  /** Replace what a schedule runs on (its pause state stays as it is). */
  public PipelineSchedule update(HttpRequest<?> request, Caller caller, String id, ScheduleChange body) {
    return audited(request, caller, "schedule.update", id, Map.of(), () -> {
      ScheduledRun current = scheduled(describeOrNotFound(id), id);
      ScheduleSpec schedule = checked(current.pipeline(), body == null ? null : body.schedule());
      replace(id, new ScheduledRun(id, current.pipeline(), schedule));
      return describe(id);
    });
  }

  /** Stop a schedule's actions, with a note saying why. */
  public PipelineSchedule pause(HttpRequest<?> request, Caller caller, String id, String note) {
    return change(request, caller, "schedule.pause", id, note, handle -> handle.pause(note(note, caller, "paused")));
  }

  /** Resume a paused schedule. */
  public PipelineSchedule unpause(HttpRequest<?> request, Caller caller, String id, String note) {
    return change(request, caller, "schedule.unpause", id, note, handle -> handle.unpause(note(note, caller, "unpaused")));
  }

  /**
   * Take one action now, paused or not, whatever runs are in flight: a person asked for this run
   * (Temporal's {@code allow-all} for this action alone).
   */
  public PipelineSchedule trigger(HttpRequest<?> request, Caller caller, String id) {
    return change(request, caller, "schedule.trigger", id, null,
        handle -> handle.trigger(io.temporal.api.enums.v1.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL));
  }

  /** Take the actions a time range would have taken, under the schedule's overlap policy. */
  public PipelineSchedule backfill(HttpRequest<?> request, Caller caller, String id, BackfillRequest body) {
    Instant from = body == null ? null : body.from();
    Instant to = body == null ? null : body.to();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from", String.valueOf(from));
    detail.put("to", String.valueOf(to));
    return audited(request, caller, "schedule.backfill", id, detail, () -> {
      if (from == null || to == null) {
        throw InvalidInputException.field(from == null ? "from" : "to", "is required: an instant such as 2026-12-07T03:00:00Z");
      }
      if (!from.isBefore(to)) {
        throw InvalidInputException.field("to", "expected an instant after 'from' (" + from + "), got " + to);
      }
      ScheduledRun scheduled = scheduled(describeOrNotFound(id), id);
      handle(id).backfill(List.of(new ScheduleBackfill(from, to, scheduled.schedule().overlap().toTemporal())));
      return describe(id);
    });
  }

  /** Delete a schedule; runs it started are not touched. */
  public void delete(HttpRequest<?> request, Caller caller, String id) {
    audited(request, caller, "schedule.delete", id, Map.of(), () -> {
      describeOrNotFound(id);
      handle(id).delete();
      return null;
    });
  }

  /**
   * A pipeline's newest version declares its schedule: one that declares {@code schedule:} gets the
   * Temporal Schedule made or changed to match (its pause state kept when it exists); one whose
   * {@code schedule:} went away since the version before deletes it. A schedule made through the
   * API for a pipeline whose versions declare none is left alone. Audited as the registering caller.
   */
  @EventListener
  void follow(PipelineRegistered registered) {
    String pipeline = registered.spec().name();
    String id = ScheduleSpec.scheduleId(pipeline);
    ScheduleSpec declared = registered.spec().schedule();
    ScheduleSpec before = registered.previous() == null ? null : registered.previous().schedule();
    if (declared == null && before == null) {
      return; // nothing declared either side: no call to Temporal, so registering works without it
    }
    Map<String, Object> detail = Map.of("declaredIn", "pipeline/" + pipeline + " version " + registered.version());
    Optional<ScheduleDescription> current = find(id);
    if (declared != null && current.isEmpty()) {
      temporal.createSchedule(id, ScheduleDefinition.of(new ScheduledRun(id, pipeline, declared)),
          ScheduleOptions.newBuilder().setMemo(Map.of(CREATED_BY, registered.caller().user())).build());
      audit.record(registered.request(), registered.caller(), "schedule.create", "schedule/" + id, detail, AuditTrail.OK);
    } else if (declared != null && !declared.equals(scheduled(current.get(), id).schedule())) {
      replace(id, new ScheduledRun(id, pipeline, declared));
      audit.record(registered.request(), registered.caller(), "schedule.update", "schedule/" + id, detail, AuditTrail.OK);
    } else if (declared == null && before != null && current.isPresent()) {
      handle(id).delete();
      audit.record(registered.request(), registered.caller(), "schedule.delete", "schedule/" + id, detail, AuditTrail.OK);
    }
  }

  /** One schedule as it stands. */
  public PipelineSchedule get(String id) {
    return describe(id);
  }

  /** Every pipeline's schedule, by id. */
  public ScheduleList list() {
    List<PipelineSchedule> items = temporal.listSchedules().map(s -> s.getScheduleId())
        .filter(id -> id.startsWith(ScheduleSpec.ID_PREFIX))
        .sorted()
        .map(this::describeIfPresent)
        .flatMap(Optional::stream)
        .toList();
    return new ScheduleList(items);
  }

  private PipelineSchedule change(HttpRequest<?> request, Caller caller, String action, String id, String note,
      Consumer<ScheduleHandle> change) {
    Map<String, Object> detail = new LinkedHashMap<>();
    if (note != null) {
      detail.put("note", note);
    }
    return audited(request, caller, action, id, detail, () -> {
      describeOrNotFound(id);
      change.accept(handle(id));
      return describe(id);
    });
  }

  private <T> T audited(HttpRequest<?> request, Caller caller, String action, String id, Map<String, ?> detail, Supplier<T> change) {
    try {
      T result = change.get();
      audit.record(request, caller, action, "schedule/" + id, detail, AuditTrail.OK);
      return result;
    } catch (InvalidInputException | NotFoundException | WrongStateException e) {
      Map<String, Object> refused = new LinkedHashMap<>(detail);
      refused.put("refusal", e.getMessage());
      audit.record(request, caller, action, "schedule/" + id, refused, AuditTrail.REFUSED);
      throw e;
    }
  }

  /** The schedule checked against the newest version of its pipeline: every mistake named. */
  private ScheduleSpec checked(String pipeline, Map<String, Object> body) {
    PipelineSpec spec = SpecJson.spec(catalog.record(pipeline, null).specJson());
    ScheduleSpec schedule = ScheduleBody.read(body);
    List<SpecError> problems = schedule.problems("schedule", spec);
    if (!problems.isEmpty()) {
      throw new InvalidInputException("the schedule has " + problems.size() + " error" + (problems.size() == 1 ? "" : "s")
          + "; nothing was changed", problems.stream().map(p -> new FieldProblem(p.field(), p.message())).toList());
    }
    return schedule;
  }

  /** The schedule's timing, policy and action replaced; its pause state and note stay. */
  private void replace(String id, ScheduledRun scheduled) {
    handle(id).update(input -> new ScheduleUpdate(io.temporal.client.schedules.Schedule.newBuilder(ScheduleDefinition.of(scheduled))
        .setState(input.getDescription().getSchedule().getState())
        .build()));
  }

  private static String note(String note, Caller caller, String what) {
    return note != null && !note.isBlank() ? note : what + " by " + caller.user();
  }

  private ScheduleHandle handle(String id) {
    return temporal.getHandle(id);
  }

  private PipelineSchedule describe(String id) {
    ScheduleDescription description = describeOrNotFound(id);
    return PipelineSchedule.of(id, scheduled(description, id), description);
  }

  private Optional<PipelineSchedule> describeIfPresent(String id) {
    try {
      return Optional.of(describe(id));
    } catch (NotFoundException deletedMeanwhile) {
      return Optional.empty();
    }
  }

  private ScheduleDescription describeOrNotFound(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("no schedule '" + id + "'"));
  }

  private Optional<ScheduleDescription> find(String id) {
    try {
      return Optional.of(handle(id).describe());
    } catch (RuntimeException e) {
      if (LiveRuns.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** What a Trainyard schedule's action starts with; a schedule of another kind under our prefix is not ours. */
  private static ScheduledRun scheduled(ScheduleDescription description, String id) {
    if (description.getSchedule().getAction() instanceof io.temporal.client.schedules.ScheduleActionStartWorkflow start
        && io.trainyard.schedule.ScheduledRunWorkflow.TYPE.equals(start.getWorkflowType())) {
      return start.getArguments().get(0, ScheduledRun.class);
    }
    throw new NotFoundException("schedule '" + id + "' is not a Trainyard pipeline's schedule");
  }
}
