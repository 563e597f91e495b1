package io.trainyard.temporal.devserver;

/** No Temporal CLI could be found or installed; the message says the ways to provide one. */
public class TemporalCliUnavailableException extends RuntimeException {
  TemporalCliUnavailableException(String message) {
    super(message);
  }
}
