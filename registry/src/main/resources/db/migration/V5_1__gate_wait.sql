-- What a run waiting at its gate waits for, so that the runs waiting for people are listed from the
-- registry alone. Portable SQL: H2 2.x and PostgreSQL 14. Written by the run's workflow when it
-- enters the wait (required, role, four_eyes, deadline, and the run's pipeline, model, starter and
-- metrics as they stand then); approvals and approved_by_json (a JSON array of user names) are moved
-- forward by the API after each accepted decision. The row is deleted when the run moves on (a
-- stage change to another state, the run's end), so the table holds the runs waiting now; the run's
-- state (WAITING_APPROVAL) has the last word for any row left behind (a run abandoned meanwhile).
CREATE TABLE gate_wait (
    run_id         VARCHAR(128) PRIMARY KEY REFERENCES run (run_id),
    pipeline       VARCHAR(253) NOT NULL,
    model          VARCHAR(253) NOT NULL,
    started_by     VARCHAR(253),
    required       INTEGER NOT NULL,
    role           VARCHAR(253) NOT NULL,
    four_eyes      BOOLEAN NOT NULL,
    approvals      INTEGER NOT NULL,
    approved_by_json TEXT NOT NULL,
    metrics_json   TEXT NOT NULL,
    waiting_since  TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline       TIMESTAMP WITH TIME ZONE NOT NULL
);
-- the listing's order (longest waiting first) and its keyset cursor
CREATE INDEX ix_gate_wait_since ON gate_wait (waiting_since, run_id);
