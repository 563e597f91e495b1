package io.trainyard.temporal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where Temporal is ({@code trainyard.temporal.target}, {@code host:port}) and which namespace
 * Trainyard uses. {@code sticky-schedule-to-start} is Temporal's default (5 s); zero turns sticky
 * execution off (a lone worker against the embedded test server, which never times out a dead
 * worker's sticky queue: docs/architecture.md).
 */
@ConfigurationProperties(TemporalConfiguration.PREFIX)
public interface TemporalConfiguration {
  String PREFIX = "trainyard.temporal";

  @Bindable(defaultValue = "127.0.0.1:7233")
  String getTarget();

  @Bindable(defaultValue = "default")
  String getNamespace();

  @Bindable(defaultValue = "5s")
  Duration getStickyScheduleToStart();

  /**
   * How long an API request retries an unreachable Temporal before it answers 503 with
   * {@code Retry-After}. Workers keep the SDK's own, longer window.
   */
  @Bindable(defaultValue = "15s")
  Duration getApiRetryWindow();
}
