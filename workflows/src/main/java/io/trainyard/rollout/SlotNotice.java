package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the lock tells a requester: its turn came, it waits behind {@code runId}, or (by the
 * requests' {@code rollout.concurrency}) it was refused or superseded by {@code runId}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotNotice(Kind kind, String runId, String reason) {

  /** The kinds of notice. */
  public enum Kind {
    /** The requester holds the slot now. */
    GRANTED,
    /** The requester waits behind {@code runId} (sent again when the one ahead changes). */
    WAITING,
    /** Policy {@code reject}: another run of the model holds or waits for the slot. */
    REFUSED,
    /** Policy {@code supersede} of a later run: a waiting requester leaves, a holder rolls back. */
    SUPERSEDED
  }
}
