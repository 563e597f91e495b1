-- Who moved an alias: the user behind an API change or a restore run; null for moves a model
-- run made on its own (its run id says which). Portable: H2 2.x and PostgreSQL 14.
ALTER TABLE alias_event ADD COLUMN actor VARCHAR(253);
