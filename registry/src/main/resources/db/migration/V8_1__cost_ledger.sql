-- The cost ledger (issue 12, item 4). Each step attempt keeps what its executor measured it running
-- (running_millis; preempted_millis: the part of it spent in pods that Kubernetes disrupted), the hourly
-- price of its hardware class when it started, its cost (running time x price, rounded to 6 decimals),
-- and for an answer from the step cache, what the attempt that produced the outputs cost (saved). Rows
-- written before the ledger have nulls: they cost nothing that anyone measured. Money is in the one
-- configured currency (trainyard.cost.currency). A run keeps its team (the pipeline's metadata.labels.team)
-- and its budget; a start request keeps the budget it asked for, so that a retried start asks the same.
-- Portable SQL: H2 2.x and PostgreSQL 14; numbered 8.1 so that a V8 of another branch does not collide.
ALTER TABLE step_attempt ADD COLUMN running_millis BIGINT;
ALTER TABLE step_attempt ADD COLUMN preempted_millis BIGINT;
ALTER TABLE step_attempt ADD COLUMN hourly_price DECIMAL(19, 6);
ALTER TABLE step_attempt ADD COLUMN cost DECIMAL(19, 6);
ALTER TABLE step_attempt ADD COLUMN saved DECIMAL(19, 6);
-- totals by month read attempts by when they started
CREATE INDEX ix_step_attempt_started ON step_attempt (started_at);
ALTER TABLE run ADD COLUMN team VARCHAR(253);
ALTER TABLE run ADD COLUMN budget DECIMAL(19, 6);
ALTER TABLE run_request ADD COLUMN budget DECIMAL(19, 6);
