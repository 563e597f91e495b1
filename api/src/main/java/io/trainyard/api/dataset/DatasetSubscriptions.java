package io.trainyard.api.dataset;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.trainyard.api.pipeline.SpecJson;
import io.trainyard.api.run.Trigger;
import io.trainyard.dataset.DatasetArrival;
import io.trainyard.dataset.DatasetTriggerState;
import io.trainyard.dataset.DatasetTriggerWorkflow;
import io.trainyard.model.ModelVersionRecord;
import io.trainyard.model.ModelVersionRepository;
import io.trainyard.pipeline.PipelineVersionRepository;
import io.trainyard.run.TaskQueues;
import io.trainyard.run.TriggerKind;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.TriggerSpec;
import io.trainyard.temporal.TemporalFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pipelines whose newest version subscribes to a dataset ({@code triggers:}), and what a new
 * version of it does for each: nothing when a model of the pipeline was trained on its digest
 * already, else a signal-with-start of the pipeline's dataset trigger ({@code datasets-<pipeline>}).
 */
@Singleton
public class DatasetSubscriptions {
  private final PipelineVersionRepository pipelines;
  private final ModelVersionRepository models;
  private final WorkflowClient temporal;

  public DatasetSubscriptions(PipelineVersionRepository pipelines, ModelVersionRepository models,
      @Named(TemporalFactory.API) WorkflowClient temporal) {
    this.pipelines = pipelines;
    this.models = models;
    this.temporal = temporal;
  }

  /** Hand a newly pushed version to every subscribed pipeline's trigger; what happened for each. */
  public List<TriggerOutcome> pushed(DatasetVersion version) {
    List<TriggerOutcome> outcomes = new ArrayList<>();
    for (var latest : pipelines.findLatestOfEach()) {
      PipelineSpec spec = SpecJson.spec(latest.specJson());
      Optional<TriggerSpec> subscription = spec.trigger(version.name());
      if (subscription.isEmpty()) {
        continue;
      }
      Optional<ModelVersionRecord> trained = trainedOn(spec.name(), version.digest());
      if (trained.isPresent()) {
        outcomes.add(new TriggerOutcome(spec.name(), TriggerOutcome.SKIPPED, "model " + trained.get().model() + " version "
            + trained.get().version() + " was trained on " + version.digest() + " already (run " + trained.get().runId() + ")"));
        continue;
      }
      signal(spec.name(), new DatasetArrival(version.name(), version.version(), version.digest(), subscription.get().debounce()));
      outcomes.add(new TriggerOutcome(spec.name(), TriggerOutcome.QUEUED, "one run starts on the newest version pushed within "
          + subscription.get().debounce() + " of the burst's first push, after the pipeline's run in flight, if any"));
    }
    return outcomes;
  }

  /** A model version that a run of {@code pipeline} triggered by this digest built, if any. */
  public Optional<ModelVersionRecord> trainedOn(String pipeline, String digest) {
    return models.findByPipelineAndTriggerKind(pipeline, TriggerKind.DATASET.value()).stream()
        .filter(v -> digest.equals(Trigger.read(v.triggerJson()).digest()))
        .findFirst();
  }

  private void signal(String pipeline, DatasetArrival arrival) {
    DatasetTriggerWorkflow trigger = temporal.newWorkflowStub(DatasetTriggerWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(DatasetTriggerState.workflowId(pipeline))
        .setTaskQueue(TaskQueues.TRIGGERS)
        .setStaticSummary("Dataset trigger of pipeline " + pipeline)
        .build());
    BatchRequest request = temporal.newSignalWithStartRequest();
    request.add(trigger::watch, new DatasetTriggerState(pipeline, null, null));
    request.add(trigger::arrived, arrival);
    temporal.signalWithStart(request);
  }
}
