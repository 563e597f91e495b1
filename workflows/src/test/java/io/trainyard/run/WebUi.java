package io.trainyard.run;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowExtension;
import java.util.List;

/**
 * What the Temporal Web UI reads of a workflow, read the same way in tests: its description (search
 * attributes, static summary and details), its current details (the SDK's built-in metadata query)
 * and the summaries of its activities (user metadata in the history).
 */
public final class WebUi {
  /** The query the Web UI asks for a workflow's current details. */
  private static final String METADATA_QUERY = "__temporal_workflow_metadata";

  private WebUi() {}

  /** The extension with Trainyard's search attributes registered, as a server must have them. */
  public static TestWorkflowExtension.Builder withSearchAttributes(TestWorkflowExtension.Builder builder) {
    RunSearchAttributes.all().forEach(key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
    return builder;
  }

  public static WorkflowExecutionDescription describe(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe();
  }

  public static String currentDetails(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).query(METADATA_QUERY, WorkflowMetadata.class).getCurrentDetails();
  }

  /** The summary of every activity scheduled whose type starts with {@code typePrefix}, in order. */
  public static List<String> activitySummaries(WorkflowClient client, String workflowId, String typePrefix) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().startsWith(typePrefix))
        .map(e -> e.getUserMetadata().hasSummary()
            ? DefaultDataConverter.STANDARD_INSTANCE.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class)
            : null)
        .toList();
  }
}
