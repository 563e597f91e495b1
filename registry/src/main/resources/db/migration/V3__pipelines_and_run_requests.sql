-- Pipelines registered through the API, and idempotent run starts. Portable SQL: H2 2.x and PostgreSQL 14.

-- A pipeline's versions are numbered 1, 2, ... per pipeline in the order they were stored; a version
-- registered through the API keeps who registered it, its description and the text as registered
-- (a version recorded by a run started from the CLI has none of these three).
ALTER TABLE pipeline_version ADD COLUMN number INTEGER;
ALTER TABLE pipeline_version ADD COLUMN created_by VARCHAR(253);
ALTER TABLE pipeline_version ADD COLUMN description TEXT;
ALTER TABLE pipeline_version ADD COLUMN source TEXT;
UPDATE pipeline_version SET number = (
    SELECT COUNT(*) FROM pipeline_version earlier
    WHERE earlier.name = pipeline_version.name AND earlier.id <= pipeline_version.id);
ALTER TABLE pipeline_version ALTER COLUMN number SET NOT NULL;
-- two registrations racing for the same number: the loser takes the next one
ALTER TABLE pipeline_version ADD CONSTRAINT uq_pipeline_version_number UNIQUE (name, number);

-- One row per run started through the API, written before its workflow starts. The unique
-- (started_by, idempotency_key) decides concurrent retries: one claim wins, every retry finds it
-- and starts (or finds started) the same workflow. Starts without a key have a NULL key, which
-- unique constraints treat as distinct. The row also answers for a run the workflow has not
-- recorded in the run table yet.
CREATE TABLE run_request (
    run_id            VARCHAR(128) PRIMARY KEY,
    workflow_id       VARCHAR(400) NOT NULL,
    started_by        VARCHAR(253) NOT NULL,
    idempotency_key   VARCHAR(128),
    request_sha256    VARCHAR(64) NOT NULL,
    pipeline          VARCHAR(253) NOT NULL,
    pipeline_version  VARCHAR(128) NOT NULL,
    model             VARCHAR(253) NOT NULL,
    params_json       TEXT NOT NULL,
    code_version      VARCHAR(128) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_run_request_key UNIQUE (started_by, idempotency_key)
);
