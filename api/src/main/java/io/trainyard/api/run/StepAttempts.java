package io.trainyard.api.run;

import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.problem.NotFoundException;
import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;

/** A run's step attempts and the log (stdout and stderr) each attempt wrote. */
@Singleton
public class StepAttempts {
  private final StepAttemptRepository attempts;
  private final RunDetails details;

  public StepAttempts(StepAttemptRepository attempts, RunDetails details) {
    this.attempts = attempts;
    this.details = details;
  }

  /**
   * Every attempt of every step of a run, in the order they started (rows are written in that order,
   * except a short attempt's, written once at its end).
   */
  public StepAttemptList of(String runId) {
    requireRun(runId);
    return new StepAttemptList(attempts.findByRunIdOrderByIdAsc(runId).stream()
        .sorted(Comparator.comparing(StepAttemptRecord::startedAt))
        .map(StepAttempts::body)
        .toList());
  }

  /** The text an attempt logged, or {@link NotFoundException} when there is no such attempt or it logged nothing. */
  public String log(String runId, String step, int attempt) {
    requireRun(runId);
    StepAttemptRecord record = attempts.findByRunIdAndStepAndAttempt(runId, step, attempt)
        .orElseThrow(() -> new NotFoundException("run " + runId + " has no attempt " + attempt + " of step '" + step + "'"));
    NotFoundException none = new NotFoundException("attempt " + attempt + " of step '" + step + "' of run " + runId + " wrote no log");
    if (record.logUri() == null) {
      throw none;
    }
    try {
      URI uri = URI.create(record.logUri());
      Path file = uri.getScheme() == null ? Path.of(record.logUri()) : Path.of(uri);
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw none;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of attempt " + attempt + " of step '" + step + "' of run " + runId, e);
    }
  }

  private void requireRun(String runId) {
    if (!details.exists(runId)) {
      throw new NotFoundException("no run with id '" + runId + "'");
    }
  }

  private static StepAttempt body(StepAttemptRecord a) {
    return new StepAttempt(a.step(), a.stage(), a.attempt(), a.state(), a.hardware(), a.executor(), a.exitCode(),
        a.error(), SpecJson.object(a.metricsJson()), SpecJson.object(a.outputsJson()), a.cached(), a.startedAt(),
        a.finishedAt(), a.runningMillis(), a.preemptedMillis(), a.hourlyPrice(), a.cost(), a.saved(), a.queueMillis(),
        a.startupMillis(), a.engineMillis(), a.builtin(), a.builtinVersion(), a.image(), a.imageDigest());
  }
}
