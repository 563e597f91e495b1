package io.trainyard.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where Temporal is ({@code trainyard.temporal.target}, {@code host:port}) and which namespace
 * Trainyard uses. {@code sticky-schedule-to-start} is zero against the embedded server, whose
 * sticky queues never time out after a worker dies (STACK.md).
 */
@ConfigurationProperties(TemporalConfiguration.PREFIX)
public interface TemporalConfiguration {
  String PREFIX = "trainyard.temporal";

  @Bindable(defaultValue = "127.0.0.1:7233")
  String getTarget();

  @Bindable(defaultValue = "default")
  String getNamespace();

  @Bindable(defaultValue = "0s")
  Duration getStickyScheduleToStart();
}
