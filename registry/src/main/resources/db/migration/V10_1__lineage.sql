-- Complete lineage (issue 13, item 2). Each step attempt keeps what ran it: the builtin (its name and
-- version: the code version of the worker that ran it in-process; null on Kubernetes, where the image
-- digest says it) and the container image (the reference the pod asked for, and the digest the node
-- resolved it to, from the pod's status.containerStatuses[].imageID, normalised to repo@sha256:<hex>, or
-- sha256:<hex> when the runtime names no repository). Null in rows from before, in attempts that ended
-- before anything ran, and in parts that do not apply (a local command runs in no image). A model version
-- keeps a snapshot of the succeeded attempt of each step of its run (steps_json: a JSON array of {step,
-- stage, attempt, hardware, executor, cached, builtin, builtinVersion, image, imageDigest}), taken when it
-- is registered; null for versions registered before.
-- Portable SQL: H2 2.x and PostgreSQL 14; numbered 10.1 so that a V10 of another branch does not collide.
ALTER TABLE step_attempt ADD COLUMN builtin VARCHAR(253);
ALTER TABLE step_attempt ADD COLUMN builtin_version VARCHAR(128);
ALTER TABLE step_attempt ADD COLUMN image TEXT;
ALTER TABLE step_attempt ADD COLUMN image_digest TEXT;
ALTER TABLE model_version ADD COLUMN steps_json TEXT;
