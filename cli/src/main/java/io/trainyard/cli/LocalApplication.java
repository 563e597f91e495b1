package io.trainyard.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import java.util.List;
import java.util.Map;

/** Trainyard's application context in this JVM, with its HTTP server when it has one. */
final class LocalApplication {
  private static final int LOCK_ATTEMPTS = 6;
  /** H2's words for a file lock that a process just left or another one is taking over at the same moment. */
  private static final List<String> LOCK_RACES =
      List.of("Lock file recently modified", "Locked by another process", "Another process was faster");

  private LocalApplication() {}

  /**
   * The application with its HTTP server. Not {@code Micronaut.run}: that one exits the JVM on a
   * start-up error, and the caller must get the error to stop what it started and explain.
   */
  static ApplicationContext start(Map<String, Object> props) {
    ApplicationContext context = ApplicationContext.builder(Trainyard.class).banner(false).properties(props).start();
    try {
      context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
      return context;
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /**
   * {@link #start}, waiting a few seconds when the H2 file is still locked by a process that was
   * killed a moment ago: H2 refuses a lock file modified in the last seconds, however dead its owner,
   * and a client of the dead process (a waiting {@code run}) may be taking the file over at the same
   * moment ("Locked by another process", "Another process was faster"); on the next attempt one of
   * the two serves the other.
   */
  static ApplicationContext startAfterACrash(Map<String, Object> props) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(props);
      } catch (RuntimeException e) {
        if (attempt == LOCK_ATTEMPTS || !lockContended(e)) {
          throw e;
        }
        System.err.println("trainyard: the registry's lock file is held or fresh (a process just stopped?); trying again in 2 s");
        try {
          Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean lockContended(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && LOCK_RACES.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }
}
