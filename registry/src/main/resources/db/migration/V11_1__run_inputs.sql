-- The external inputs of a run as its start read them: a JSON object "<step>.<input>" to {"uri": ...,
-- "sha256": ...} (file and folder inputs, and dataset inputs resolved to their version's URI),
-- digested by the API's start path, so that a reproduction (POST /v1/runs/{id}/reproduce) refuses
-- to start when the bytes under a recorded URI changed since. NULL in claims made before runs
-- recorded their inputs. Portable SQL: H2 2.x and PostgreSQL 14; numbered 11.1 so that a V11 of
-- another branch does not collide.
ALTER TABLE run_request ADD COLUMN inputs_json TEXT;
