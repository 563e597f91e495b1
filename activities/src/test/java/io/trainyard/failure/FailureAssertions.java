package io.trainyard.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowingConsumer;

/** Assertions on the failures activities throw. */
public final class FailureAssertions {
  private FailureAssertions() {}

  /** A non-retryable failure of this type whose message contains every fragment. */
  public static ThrowingConsumer<ApplicationFailure> nonRetryable(String type, String... fragments) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type);
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).contains(fragments);
    };
  }
}
