package io.trainyard.api.problem;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.trainyard.api.openapi.ProblemAnswers;
import io.trainyard.api.security.Roles;
import io.trainyard.pipeline.PipelineVersionRecord;
import io.trainyard.pipeline.PipelineVersionRepository;
import java.time.Instant;
import java.util.UUID;

/**
 * Test-only routes that fail the way a bug or a lost race does, so that the problem+json answers
 * of those error classes are tested through the whole handler chain: an exception no handler
 * knows (500) and a real unique-constraint violation from the registry database (409).
 */
@Controller("/v1/test-problems")
@ProblemAnswers.Guarded
@ExecuteOn(TaskExecutors.BLOCKING)
class FailingRoutesController {
  static final String SECRET = "secret-internal-detail";

  private final PipelineVersionRepository versions;

  FailingRoutesController(PipelineVersionRepository versions) {
    this.versions = versions;
  }

  /** Fails as a bug does: an exception no handler knows. */
  @Get("/bug")
  @Secured(Roles.VIEWER)
  String bug() {
    throw new IllegalStateException(SECRET);
  }

  /** Stores version 1 of a new pipeline twice: the second write loses against the unique constraint. */
  @Post("/lost-race")
  @ProblemAnswers.Conflict
  @Secured(Roles.OPERATOR)
  String lostRace() {
    String name = "raced-" + UUID.randomUUID();
    PipelineVersionRecord one = PipelineVersionRecord.of(name, "a".repeat(64), 1, "{}", Instant.now());
    versions.save(one);
    versions.save(PipelineVersionRecord.of(name, "b".repeat(64), 1, "{}", Instant.now()));
    return name;
  }
}
