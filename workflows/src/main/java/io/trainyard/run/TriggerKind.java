package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of thing started a run; in JSON, the registry and the search attribute in lower case. */
public enum TriggerKind {
  /** A REST call ({@code POST /v1/runs}) from any client but the CLI. */
  API,
  /** The {@code trainyard} command ({@code runs start}, {@code run}, {@code demo}), through the API. */
  CLI,
  /** A Temporal Schedule's action. */
  SCHEDULE,
  /** A new version of a dataset the pipeline subscribes to. */
  DATASET,
  /** A reproduction of an earlier run ({@code POST /v1/runs/{id}/reproduce}): its recorded inputs again, never rolled out. */
  REPRODUCE;

  /** The lower-case name: {@code api}, {@code cli}, {@code schedule}, {@code dataset}, {@code reproduce}. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a lower-case (or any-case) name. */
  @JsonCreator
  public static TriggerKind of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
