package io.trainyard.temporal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/** Where Temporal is ({@code trainyard.temporal.target}, {@code host:port}) and which namespace Trainyard uses. */
@ConfigurationProperties(TemporalConfiguration.PREFIX)
public interface TemporalConfiguration {
  String PREFIX = "trainyard.temporal";

  @Bindable(defaultValue = "127.0.0.1:7233")
  String getTarget();

  @Bindable(defaultValue = "default")
  String getNamespace();

  /**
   * How long an API request retries an unreachable Temporal before it answers 503 with
   * {@code Retry-After}. Workers keep the SDK's own, longer window.
   */
  @Bindable(defaultValue = "15s")
  Duration getApiRetryWindow();
}
