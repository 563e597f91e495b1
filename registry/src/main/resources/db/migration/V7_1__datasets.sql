-- Datasets: each version of a dataset is where the data is (uri) and the sha256 of its content, numbered
-- 1, 2, ... per dataset in the order they were pushed, with who pushed it, when, and free metadata (a JSON
-- object of string, number and boolean values, written by the API that owns its shape). A digest is one
-- version of a dataset: pushing it again finds that version. The primary key and the unique index decide
-- concurrent pushes: a push of another digest that lost the race for a number takes the next one, a push
-- of the same digest finds the winner's version. Versions are never deleted, so numbers have no gaps.
-- Portable SQL: H2 2.x and PostgreSQL 14; numbered 7.1 so that a V7 of another branch does not collide.
CREATE TABLE dataset_version (
    name           VARCHAR(63) NOT NULL,
    version        INTEGER NOT NULL,
    uri            VARCHAR(2048) NOT NULL,
    sha256         CHAR(71) NOT NULL,
    metadata_json  TEXT NOT NULL,
    created_by     VARCHAR(253) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_dataset_version PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX uq_dataset_version_sha256 ON dataset_version (name, sha256);
-- a dataset's versions newest first, and their keyset cursor
CREATE INDEX ix_dataset_version_created ON dataset_version (name, created_at, version);
