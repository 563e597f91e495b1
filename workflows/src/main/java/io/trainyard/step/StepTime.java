package io.trainyard.step;

/**
 * Where one step attempt's time went, in milliseconds: {@code queue}, from Temporal scheduling the
 * attempt to a worker starting it (dispatch and waiting for a free slot); {@code startup}, the
 * executor's time around the step's own work (starting the process or pod, pending, pulling the
 * image, and seeing it end); {@code running}, the step's own work (what it is priced by); and
 * {@code engine}, Trainyard's work around the executor in the activity (resolving inputs, the step
 * cache, storing outputs, the records).
 */
public record StepTime(long queueMillis, long startupMillis, long runningMillis, long engineMillis) {}
