-- Where a step attempt's time went (issue 12, item 5), beside its running time (running_millis, the
-- cost ledger's): queue_millis, from Temporal scheduling the attempt to a worker starting it;
-- startup_millis, the executor's time around the step's own work (starting the process or pod, and
-- seeing it end); engine_millis, the activity's time outside the executor (inputs, step cache,
-- outputs, records). Null in rows from before, and until the attempt ends.
-- Portable SQL: H2 2.x and PostgreSQL 14; numbered 9.1 so that a V9 of another branch does not collide.
ALTER TABLE step_attempt ADD COLUMN queue_millis BIGINT;
ALTER TABLE step_attempt ADD COLUMN startup_millis BIGINT;
ALTER TABLE step_attempt ADD COLUMN engine_millis BIGINT;
