-- What started a run: kind (api, cli, schedule, dataset) and the trigger as JSON ({"kind": "schedule",
-- "scheduleId": ..., "scheduledAt": ...}; {"kind": "dataset", "dataset": ..., "datasetVersion": ...,
-- "digest": ...}), written by the code that owns the shape (the workflow module's RunTrigger). Kept on
-- the start request (so that a start resumed after a crash starts with it), on the run, and in the
-- lineage of the model version the run registered. NULL in rows written before runs recorded their
-- trigger: they read as api. Portable SQL: H2 2.x and PostgreSQL 14; numbered 6.1 so that a V6 of
-- another branch does not collide.
ALTER TABLE run_request ADD COLUMN trigger_kind VARCHAR(16);
ALTER TABLE run_request ADD COLUMN trigger_json TEXT;
ALTER TABLE run ADD COLUMN trigger_kind VARCHAR(16);
ALTER TABLE run ADD COLUMN trigger_json TEXT;
ALTER TABLE model_version ADD COLUMN trigger_kind VARCHAR(16);
ALTER TABLE model_version ADD COLUMN trigger_json TEXT;
