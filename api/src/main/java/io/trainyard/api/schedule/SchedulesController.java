package io.trainyard.api.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.problem.FreeText;
import io.trainyard.api.security.Caller;
import io.trainyard.api.security.Roles;
import java.net.URI;

/** {@code /v1/schedules}: the pipelines' retraining schedules (Temporal Schedules, one per pipeline). */
@Controller("/v1/schedules")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
public class SchedulesController {
  private final Schedules schedules;

  public SchedulesController(Schedules schedules) {
    this.schedules = schedules;
  }

  /** Create a pipeline's schedule. */
  @Post
  @ProblemAnswers.NotFound
  @ProblemAnswers.Conflict
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<PipelineSchedule> createSchedule(HttpRequest<?> request, Authentication authentication, @Body ScheduleRequest body) {
    PipelineSchedule created = schedules.create(request, Caller.of(authentication), body);
    return HttpResponse.created(created, URI.create("/v1/schedules/" + created.id()));
  }

  /** List every pipeline's schedule. */
  @Get
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public ScheduleList listSchedules() {
    return schedules.list();
  }

  /** One schedule: its timing, state, next and recent actions. */
  @Get("/{id}")
  @ProblemAnswers.NotFound
  @Secured({Roles.VIEWER, Roles.ADMIN})
  public PipelineSchedule getSchedule(String id) {
    return schedules.get(id);
  }

  /** Replace a schedule's timing, policy and parameters. */
  @Put("/{id}")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public PipelineSchedule updateSchedule(HttpRequest<?> request, Authentication authentication, String id, @Body ScheduleChange body) {
    return schedules.update(request, Caller.of(authentication), id, body);
  }

  /** Pause a schedule, with a note saying why. */
  @Post("/{id}/pause")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public PipelineSchedule pauseSchedule(HttpRequest<?> request, Authentication authentication, String id, @Body @Nullable ScheduleNote body) {
    return schedules.pause(request, Caller.of(authentication), id, note(body));
  }

  /** Resume a paused schedule. */
  @Post("/{id}/unpause")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public PipelineSchedule unpauseSchedule(HttpRequest<?> request, Authentication authentication, String id, @Body @Nullable ScheduleNote body) {
    return schedules.unpause(request, Caller.of(authentication), id, note(body));
  }

  /** Start one scheduled run now. */
  @Post("/{id}/trigger")
  @ProblemAnswers.NotFound
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public PipelineSchedule triggerSchedule(HttpRequest<?> request, Authentication authentication, String id) {
    return schedules.trigger(request, Caller.of(authentication), id);
  }

  /** Take the actions of a past time range now, under the schedule's overlap policy. */
  @Post("/{id}/backfill")
  @ProblemAnswers.NotFound
  @ProblemAnswers.Invalid
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public PipelineSchedule backfillSchedule(HttpRequest<?> request, Authentication authentication, String id, @Body BackfillRequest body) {
    return schedules.backfill(request, Caller.of(authentication), id, body);
  }

  /** Delete a schedule (the runs it started stay). */
  @Delete("/{id}")
  @ProblemAnswers.NotFound
  @Secured({Roles.OPERATOR, Roles.ADMIN})
  public HttpResponse<Void> deleteSchedule(HttpRequest<?> request, Authentication authentication, String id) {
    schedules.delete(request, Caller.of(authentication), id);
    return HttpResponse.noContent();
  }

  private static String note(ScheduleNote body) {
    return body == null ? null : FreeText.bounded("note", body.note());
  }
}
