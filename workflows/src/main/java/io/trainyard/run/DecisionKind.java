package io.trainyard.run;

/** What an approver says at the gate. */
public enum DecisionKind {
  APPROVE,
  REJECT
}
